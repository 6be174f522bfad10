import Link from "next/link";

export function SiteFooter({ storeName }: { storeName: string }) {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-8 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8">
        <p>© {storeName}. Items in your cart are held for you — no overselling, no surprises.</p>
        <Link href="/" className="font-medium text-slate-700 hover:text-ink hover:underline">
          All stores
        </Link>
      </div>
    </footer>
  );
}
