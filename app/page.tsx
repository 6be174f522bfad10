import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { listStores } from "@/lib/stores/list-stores";

export const metadata: Metadata = { title: "Stores" };

export default async function HomePage() {
  await connection();
  const defaultStore = getEnv().DEFAULT_STORE;
  if (defaultStore) redirect(`/${defaultStore}`);
  const stores = await listStores({ db: getDb() });
  return (
    <main id="main" className="mx-auto min-h-screen max-w-5xl px-4 py-16 sm:px-6 sm:py-24 lg:px-8">
      <p className="text-sm font-semibold uppercase tracking-wider text-brand-700">Holdfast</p>
      <h1 className="mt-3 max-w-2xl text-4xl font-semibold tracking-tight text-ink sm:text-5xl">Shops that never oversell.</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600">
        Live stock on every item, carts that hold what you picked, and a checkout that keeps its word. Pick a store to start
        shopping.
      </p>
      <h2 className="mt-14 text-sm font-semibold text-ink">Stores</h2>
      {stores.length === 0 ? (
        <p className="mt-4 text-slate-600">No stores yet.</p>
      ) : (
        <ul className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2">
          {stores.map((s) => (
            <li key={s.slug}>
              <Link
                href={`/${s.slug}`}
                className="group flex items-center gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-slate-300 hover:shadow-md"
              >
                <span
                  aria-hidden="true"
                  className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-ink text-lg font-bold text-white"
                >
                  {s.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-lg font-medium text-ink">{s.name}</span>
                  <span className="block truncate text-sm text-slate-600">/{s.slug}</span>
                </span>
                <span aria-hidden="true" className="text-slate-400 transition group-hover:translate-x-0.5 group-hover:text-ink">
                  →
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
