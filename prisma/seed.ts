// Demo data: `npm run db:seed` (DATABASE_URL, else a running quickstart's embedded database, else the local server). Idempotent: see seed/seed-demo.ts.
import "dotenv/config";
import { createDb } from "../lib/db";
import { resolveDatabaseUrl } from "../lib/env";
import { DEMO_USERS } from "./seed/catalog";
import { seedDemo } from "./seed/seed-demo";

async function main() {
  const url = resolveDatabaseUrl() ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const { db, pool } = createDb({ url, poolSize: 1 });
  try {
    const counts = await seedDemo(db);
    const made = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ");
    console.log(`[seed] ${made || "nothing new: the demo data was already there"}`);
    console.log("[seed] demo logins (development only):");
    for (const user of DEMO_USERS) {
      const role = user.store ? `${user.role ?? "OWNER"} of /${user.store}` : "shopper";
      console.log(`  ${user.email.padEnd(24)} ${user.password.padEnd(20)} ${role}`);
    }
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

await main();
