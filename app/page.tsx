import Link from "next/link";
import { connection } from "next/server";
import { getDb } from "@/lib/db";
import { listStores } from "@/lib/stores/list-stores";

export default async function HomePage() {
  await connection();
  const stores = await listStores({ db: getDb() });
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Stores</h1>
      <p className="mt-2 text-slate-600">Pick a store to start shopping.</p>
      <ul className="mt-8 grid gap-4 sm:grid-cols-2">
        {stores.map((s) => (
          <li key={s.slug}>
            <Link href={`/${s.slug}`} className="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-slate-300">
              <span className="text-lg font-medium">{s.name}</span>
              <span className="mt-1 block text-sm text-slate-500">/{s.slug}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
