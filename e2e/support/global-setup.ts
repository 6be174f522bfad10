// Runs after the web server is up (Playwright starts webServer first, and its command prepared the
// database): fails the run early, with a clear message, if the seed or the books are not right.
import pg from "pg";
import { E2E_DATABASE_URL } from "./e2e-env.mjs";

export default async function globalSetup() {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    const stores = await client.query<{ slug: string }>(`SELECT slug FROM "Store" WHERE slug IN ('demo', 'outlet')`);
    if (stores.rowCount !== 2) {
      throw new Error(`e2e database ${E2E_DATABASE_URL} is not seeded (found stores: ${stores.rows.map((r) => r.slug).join(", ") || "none"})`);
    }
  } finally {
    await client.end();
  }
}
