// The shop's data for fault tests: a store with stocked products written straight into a
// database, and the checks every fault must leave true — counters = holds = ledger, and nothing
// a client was told succeeded has gone missing.
import { randomBytes, randomInt } from "node:crypto";
import pg from "pg";

export function newId(): string {
  let s = "c";
  while (s.length < 25) s += randomInt(36).toString(36);
  return s;
}

export type Catalog = { storeId: string; slug: string; variants: { variantId: string; itemId: string; sku: string; stock: number }[] };

/** A store with `items.length` products, one variant each, with opening stock and its ledger row. */
export async function seedStore(pool: pg.Pool, input: { slug?: string; stocks: number[]; perCustomerLimit?: number | null }): Promise<Catalog> {
  const slug = input.slug ?? `faults-${randomBytes(3).toString("hex")}`;
  const storeId = newId();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Store" (id, slug, name, currency, "updatedAt") VALUES ($1, $2, $3, 'USD', now())`, [storeId, slug, `Faults ${slug}`]);
    const variants: Catalog["variants"] = [];
    for (const [i, stock] of input.stocks.entries()) {
      const itemId = newId();
      const productId = newId();
      const variantId = newId();
      const sku = `F-${slug}-${i}`.toUpperCase();
      await client.query(`INSERT INTO "InventoryItem" (id, "storeId", sku, stock, reserved) VALUES ($1, $2, $3, $4, 0)`, [itemId, storeId, sku, stock]);
      await client.query(
        `INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "actorType", "actorLabel", reason)
         VALUES ($1, $2, 'ADJUST', $3, 0, $3, 0, 'SYSTEM', 'faults fixture', 'opening stock')`,
        [storeId, itemId, stock],
      );
      await client.query(
        `INSERT INTO "Product" (id, "storeId", slug, title, description, status, "perCustomerLimit", position) VALUES ($1, $2, $3, $4, 'fault test', 'ACTIVE', $5, $6)`,
        [productId, storeId, `p-${i}-${randomBytes(2).toString("hex")}`, `Fault item ${i}`, input.perCustomerLimit ?? null, i],
      );
      await client.query(`INSERT INTO "Variant" (id, "storeId", "productId", "inventoryItemId", title, "priceCents", position) VALUES ($1, $2, $3, $4, 'One', 1000, 0)`, [
        variantId,
        storeId,
        productId,
        itemId,
      ]);
      variants.push({ variantId, itemId, sku, stock });
    }
    await client.query("COMMIT");
    return { storeId, slug, variants };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Items whose counters disagree with their active holds or their ledger (empty when the books balance). */
export async function findDrift(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ sku: string; stock: number; reserved: number; held: number; ls: number; lr: number }>(
    `SELECT i.sku, i.stock, i.reserved, COALESCE(h.held, 0)::int AS held, COALESCE(m.s, 0)::int AS ls, COALESCE(m.r, 0)::int AS lr
     FROM "InventoryItem" i
     LEFT JOIN (SELECT "inventoryItemId", sum(quantity) AS held FROM "Hold" WHERE status = 'ACTIVE' GROUP BY 1) h ON h."inventoryItemId" = i.id
     LEFT JOIN (SELECT "inventoryItemId", sum("stockDelta") AS s, sum("reservedDelta") AS r FROM "StockMovement" GROUP BY 1) m ON m."inventoryItemId" = i.id
     WHERE i.reserved <> COALESCE(h.held, 0) OR i.stock <> COALESCE(m.s, 0) OR i.reserved <> COALESCE(m.r, 0) OR i.reserved < 0 OR i.reserved > i.stock`,
  );
  return rows.map((d) => `${d.sku}: stock ${d.stock} (ledger ${d.ls}), reserved ${d.reserved} (ledger ${d.lr}, holds ${d.held})`);
}

/** Orders whose state disagrees with their holds: PAID ⇒ all holds SOLD; CANCELLED ⇒ none ACTIVE; PENDING ⇒ none SOLD. */
export async function findOrderDrift(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string; status: string; holds: string }>(
    `SELECT o.id, o.status::text, string_agg(h.status::text, ',') AS holds
     FROM "Order" o JOIN "Hold" h ON h."orderId" = o.id
     GROUP BY o.id, o.status
     HAVING (o.status = 'PAID' AND bool_or(h.status <> 'SOLD'))
         OR (o.status = 'CANCELLED' AND bool_or(h.status = 'ACTIVE'))
         OR (o.status = 'PENDING_PAYMENT' AND bool_or(h.status = 'SOLD'))`,
  );
  return rows.map((r) => `order ${r.id} ${r.status} with holds ${r.holds}`);
}

/** What the shop acknowledged, with the time the answer reached the client (epoch ms); for holds also when the request was sent. */
export type HoldAck = { cartId: string; variantId: string; held: number; sentAt: number; at: number };
export type OrderAck = { orderId: string; at: number };
export type SaleAck = { orderId: string; at: number };

export type LostHold = { ack: HoldAck; found: number | null };

/** Acknowledged holds that are not (or no longer) in the database as answered. */
export async function findLostHoldAcks(pool: pg.Pool, acks: HoldAck[]): Promise<LostHold[]> {
  if (acks.length === 0) return [];
  const { rows } = await pool.query<{ i: number; found: number | null }>(
    `SELECT a.i, h.quantity AS found
     FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS a(cart, variant, held, i)
     LEFT JOIN "Hold" h ON h."cartId" = a.cart AND h."variantId" = a.variant AND h.status = 'ACTIVE' AND h."orderId" IS NULL
     WHERE h.quantity IS DISTINCT FROM a.held`,
    [acks.map((a) => a.cartId), acks.map((a) => a.variantId), acks.map((a) => a.held)],
  );
  return rows.map((r) => ({ ack: acks[Number(r.i) - 1]!, found: r.found }));
}

export function describeLostHold(l: LostHold, origin = 0): string {
  const t = (ms: number) => (origin ? `${ms - origin} ms` : new Date(ms).toISOString());
  return `cart ${l.ack.cartId} variant ${l.ack.variantId}: asked at ${t(l.ack.sentAt)}, answered held ${l.ack.held} at ${t(l.ack.at)}, found ${l.found ?? "nothing"}`;
}

/** Acknowledged holds that are not (or no longer) in the database as answered. */
export async function findLostHolds(pool: pg.Pool, acks: HoldAck[]): Promise<string[]> {
  return (await findLostHoldAcks(pool, acks)).map((l) => describeLostHold(l));
}

/** Checkouts answered 201 whose order is missing or has no holds. */
export async function findLostOrders(pool: pg.Pool, acks: OrderAck[]): Promise<string[]> {
  if (acks.length === 0) return [];
  const { rows } = await pool.query<{ id: string; status: string | null; holds: number }>(
    `SELECT a.id, o.status::text AS status, (SELECT count(*)::int FROM "Hold" h WHERE h."orderId" = a.id) AS holds
     FROM unnest($1::text[]) AS a(id) LEFT JOIN "Order" o ON o.id = a.id`,
    [acks.map((a) => a.orderId)],
  );
  return rows.filter((r) => r.status === null || r.holds < 1).map((r) => `order ${r.id}: ${r.status ?? "missing"} with ${r.holds} holds`);
}

/** Sales a client saw PAID that are not PAID with their SALE movements in the database. */
export async function findLostSales(pool: pg.Pool, acks: SaleAck[]): Promise<string[]> {
  if (acks.length === 0) return [];
  const { rows } = await pool.query<{ id: string; status: string | null; sales: number; holds: number }>(
    `SELECT a.id, o.status::text AS status,
            (SELECT count(*)::int FROM "StockMovement" m WHERE m."orderId" = a.id AND m.kind = 'SALE') AS sales,
            (SELECT count(*)::int FROM "Hold" h WHERE h."orderId" = a.id) AS holds
     FROM unnest($1::text[]) AS a(id) LEFT JOIN "Order" o ON o.id = a.id`,
    [acks.map((a) => a.orderId)],
  );
  return rows.filter((r) => r.status !== "PAID" || r.sales < 1 || r.sales !== r.holds).map((r) => `order ${r.id}: ${r.status ?? "missing"}, ${r.sales} SALE movements for ${r.holds} holds`);
}
