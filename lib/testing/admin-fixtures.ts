// Fixtures for the admin domain's database tests: many items at once (one statement, with their
// opening ledger rows so the books balance), users with memberships.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";

const tag = () => randomBytes(4).toString("hex");

/**
 * `count` items owned by the store, SKUs `${prefix}-00001`…; stock of item n is stockOf(n) as a SQL
 * expression over n (default 50).
 */
export async function seedItems(
  db: Db,
  input: { storeId: string; count: number; prefix: string; stockSql?: string },
): Promise<void> {
  const stockSql = input.stockSql ?? "50";
  await db.$executeRawUnsafe(
    `WITH items AS (
       INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved)
       SELECT gen_random_uuid()::text, $1, $2 || '-' || lpad(n::text, 5, '0'), (${stockSql}), 0
       FROM generate_series(1, $3::int) n
       RETURNING id, "storeId", stock
     )
     INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "actorType", reason)
     SELECT "storeId", id, 'ADJUST', stock, 0, stock, 0, 'SYSTEM', 'opening stock' FROM items`,
    input.storeId,
    input.prefix,
    input.count,
  );
}

export async function createTestMember(db: Db, input: { storeId?: string; role?: "OWNER" | "ADMIN" } = {}) {
  const email = `m-${tag()}@example.test`;
  const user = await db.user.create({ data: { email, name: "Member", passwordHash: "x" }, select: { id: true, email: true } });
  if (input.storeId)
    await db.membership.create({ data: { userId: user.id, storeId: input.storeId, role: input.role ?? "ADMIN" } });
  return user;
}
