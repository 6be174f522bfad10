// The store directory for the home page.
import type { Db } from "@/lib/db";

export async function listStores({ db }: { db: Db }) {
  return db.store.findMany({ select: { slug: true, name: true }, orderBy: { name: "asc" } });
}
