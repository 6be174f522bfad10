// The dashboard's frame: a top bar (store, who is signed in, sign out), the section navigation,
// and the main landmark the root layout's skip link points at.
import Link from "next/link";
import type { ReactNode } from "react";
import { AdminIcon } from "./admin-icons";
import { AdminNav } from "./admin-nav";

type Props = {
  store: { slug: string; name: string };
  actorLabel: string;
  signOutAction: (formData: FormData) => Promise<void>;
  children: ReactNode;
};

export function AdminShell({ store, actorLabel, signOutAction, children }: Props) {
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="flex h-14 items-center gap-3 px-4 sm:px-6">
          <Link href={`/${store.slug}/admin`} className="flex min-w-0 items-center gap-2 font-semibold text-ink">
            <span aria-hidden="true" className="grid size-7 place-items-center rounded-md bg-ink text-xs font-bold text-white">
              {store.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="truncate">{store.name}</span>
            <span className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">Admin</span>
          </Link>
          <div className="ml-auto flex items-center gap-1 sm:gap-3">
            <span className="hidden max-w-56 truncate text-sm text-slate-600 md:inline" title={actorLabel}>
              {actorLabel}
            </span>
            <Link href={`/${store.slug}`} className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-ink">
              <AdminIcon name="store" />
              <span className="sr-only sm:not-sr-only">View store</span>
            </Link>
            <form action={signOutAction}>
              <input type="hidden" name="store" value={store.slug} />
              <button type="submit" className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-ink">
                <AdminIcon name="signout" />
                <span className="sr-only sm:not-sr-only">Sign out</span>
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="lg:flex">
        <aside className="border-b border-slate-200 bg-white lg:sticky lg:top-14 lg:h-[calc(100vh-3.5rem)] lg:w-52 lg:shrink-0 lg:border-b-0 lg:border-r">
          <AdminNav store={store.slug} />
        </aside>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:py-8 2xl:px-10">
          <div className="mx-auto max-w-[1440px]">{children}</div>
        </main>
      </div>
    </div>
  );
}
