// The 403 page of the dashboard: signed in, but not an admin of this store.
import Link from "next/link";

export function AdminForbidden({ store, userEmail }: { store: { slug: string; name: string } | null; userEmail: string }) {
  const storeName = store?.name ?? "this store";
  return (
    <main id="main" className="grid min-h-screen place-items-center bg-slate-50 px-4">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-sm font-semibold text-red-700">Error 403</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">You don&apos;t have access</h1>
        <p className="mt-3 text-sm text-slate-600">
          {userEmail ? (
            <>
              You are signed in as <span className="font-medium text-ink">{userEmail}</span>, which is not an owner or admin of {storeName}.
            </>
          ) : (
            <>Only owners and admins of {storeName} can open its dashboard.</>
          )}{" "}
          Ask an owner of the store to add you as an admin.
        </p>
        <Link
          href={store ? `/${store.slug}` : "/"}
          className="mt-6 inline-flex h-11 items-center justify-center rounded-lg bg-ink px-5 text-sm font-medium text-white hover:bg-slate-700"
        >
          {store ? `Back to ${store.name}` : "Back to the stores"}
        </Link>
      </div>
    </main>
  );
}
