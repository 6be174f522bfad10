// Runs after the web server is up (Playwright starts webServer first, and its command prepared the
// database): fails the run early, with a clear message, if the seed or the books are not right.
import { checkInvariants, closeSql, sql } from "./fixtures";
import { E2E_DATABASE_URL } from "./e2e-env.mjs";

export default async function globalSetup() {
  try {
    const stores = await sql<{ slug: string }>(`SELECT slug FROM "Store" WHERE slug IN ('demo', 'outlet') ORDER BY slug`);
    if (stores.length !== 2) {
      throw new Error(`e2e database ${E2E_DATABASE_URL} is not seeded (found stores: ${stores.map((r) => r.slug).join(", ") || "none"})`);
    }
    await checkInvariants();
  } finally {
    await closeSql();
  }
}
