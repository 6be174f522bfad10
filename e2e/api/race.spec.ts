// The promise under load: 500 shoppers (each its own cart: no cookies) race for 37 units through
// the real HTTP stack. Exactly 37 win, the rest are told INSUFFICIENT_STOCK, nothing 5xx, and the
// counters, holds and ledger agree afterwards. Refused writes leave no empty carts behind.
// Coalesced holds (HOLD_COALESCING, on in this build): the racing adds go to the database in
// batches (the app's debug log shows them form), and a batch whose statement fails answers each of
// its requests 503 with Retry-After and writes nothing.
import { readFileSync, statSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_LOG_FILE } from "../observability/log-file.mjs";
import { requestAlone } from "../support/alone";
import { checkInvariants, createProduct, itemCounters, sql } from "../support/fixtures";

function logSize(): number {
  try {
    return statSync(E2E_LOG_FILE).size;
  } catch {
    return 0;
  }
}

/** The sizes of the coalesced batches the app logged since `from`. */
function batchesSince(from: number): number[] {
  let text = "";
  try {
    text = readFileSync(E2E_LOG_FILE).subarray(from).toString("utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((l) => l.includes("cart writes coalesced"))
    .map((l) => (JSON.parse(l) as { batch: number }).batch);
}

type RaceBody = {
  cart: { id: string; lines: unknown[]; issues: unknown[] };
  error?: { code: string; message: string; details?: unknown };
};

/** One POST on its own connection (no keep-alive pool, no cookie jar): a shopper of its own. */
async function postAlone(path: string, payload: unknown): Promise<{ status: number; setCookie: string | null; retryAfter: string | null; body: RaceBody }> {
  const res = await requestAlone<RaceBody>("POST", path, payload);
  const retryAfter = res.headers["retry-after"];
  return { status: res.status, setCookie: res.headers["set-cookie"]?.join("\n") ?? null, retryAfter: typeof retryAfter === "string" ? retryAfter : null, body: res.body };
}

const SHOPPERS = 500;
const UNITS = 37;

test("500 concurrent adds for 37 units: exactly 37 holds, the rest 409, books balanced", async () => {
  test.setTimeout(180_000);
  const product = await createProduct({ stock: UNITS, title: "Race Item" });
  const startedAt = new Date(Date.now() - 1000);
  const logFrom = logSize();

  const results = await Promise.all(
    Array.from({ length: SHOPPERS }, () => postAlone("/api/stores/demo/cart/items", { variantId: product.variantId, quantity: 1 })),
  );

  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  expect(Object.fromEntries(byStatus)).toEqual({ 200: UNITS, 409: SHOPPERS - UNITS });

  const wins = results.filter((r) => r.status === 200);
  const cartIds = new Set<string>();
  for (const w of wins) {
    expect(w.body.cart.lines).toEqual([expect.objectContaining({ variantId: product.variantId, quantity: 1, held: 1 })]);
    expect(w.body.cart.issues).toEqual([]);
    expect(w.setCookie).toMatch(/^cart_demo=[A-Za-z0-9_-]{43};/);
    cartIds.add(w.body.cart.id);
  }
  expect(cartIds.size).toBe(UNITS);
  for (const l of results.filter((r) => r.status === 409)) {
    expect(l.body).toEqual({ error: { code: "INSUFFICIENT_STOCK", message: expect.any(String), details: { available: 0 } } });
    expect(l.setCookie).toBeNull();
  }

  expect(await itemCounters(product.itemId)).toEqual({ stock: UNITS, reserved: UNITS });
  const [holds] = await sql<{ n: number; units: number }>(
    `SELECT count(*)::int AS n, COALESCE(sum(quantity), 0)::int AS units FROM "Hold" WHERE "inventoryItemId" = $1 AND status = 'ACTIVE'`,
    [product.itemId],
  );
  expect(holds).toEqual({ n: UNITS, units: UNITS });
  const [ledger] = await sql<{ n: number; reserved: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'HOLD')::int AS n, sum("reservedDelta")::int AS reserved FROM "StockMovement" WHERE "inventoryItemId" = $1`,
    [product.itemId],
  );
  expect(ledger).toEqual({ n: UNITS, reserved: UNITS });
  // The 463 refused writes rolled back their new carts: no empty cart was left behind.
  const [empty] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Cart" c WHERE c."createdAt" >= $1::timestamp(3) AND NOT EXISTS (SELECT 1 FROM "CartLine" l WHERE l."cartId" = c.id)`,
    [startedAt.toISOString()],
  );
  expect(empty?.n).toBe(0);
  await checkInvariants();
  // The adds went to the database in coalesced batches (one statement each), not only one by one.
  await expect.poll(() => batchesSince(logFrom).length).toBeGreaterThan(0);
  expect(Math.max(...batchesSince(logFrom))).toBeGreaterThan(1);
});

test("a batch whose statement fails: each of its requests 503 with Retry-After, nothing written; the next batch works", async () => {
  test.setTimeout(60_000);
  const product = await createProduct({ stock: 10, title: "Failing Batch Item" });
  // Injected: every hold on this item fails its statement as a cancelled one (SQLSTATE 57014).
  const fn = `test_fail_hold_${product.itemId.replace(/\W/g, "_")}`;
  await sql(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW."inventoryItemId" = '${product.itemId}' THEN RAISE EXCEPTION 'injected' USING ERRCODE = 'query_canceled'; END IF; RETURN NEW; END $$`);
  await sql(`CREATE TRIGGER ${fn} BEFORE INSERT ON "Hold" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
  const logFrom = logSize();
  const add = () => postAlone("/api/stores/demo/cart/items", { variantId: product.variantId, quantity: 1 });
  let failed: Awaited<ReturnType<typeof add>>[];
  try {
    failed = await Promise.all(Array.from({ length: 24 }, add));
  } finally {
    await sql(`DROP TRIGGER ${fn} ON "Hold"`);
    await sql(`DROP FUNCTION ${fn}()`);
  }
  for (const r of failed) {
    expect(r.status).toBe(503);
    expect(r.retryAfter).toMatch(/^\d+$/);
    expect(r.body.error?.code).toBe("UNAVAILABLE");
  }
  await expect.poll(() => Math.max(0, ...batchesSince(logFrom))).toBeGreaterThan(1);
  expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 0 });
  const [written] = await sql<{ holds: number; moves: number }>(
    `SELECT (SELECT count(*)::int FROM "Hold" WHERE "inventoryItemId" = $1) AS holds,
            (SELECT count(*)::int FROM "StockMovement" WHERE "inventoryItemId" = $1 AND kind = 'HOLD') AS moves`,
    [product.itemId],
  );
  expect(written).toEqual({ holds: 0, moves: 0 });

  const next = await Promise.all(Array.from({ length: 24 }, add));
  expect(next.filter((r) => r.status === 200)).toHaveLength(10);
  expect(next.filter((r) => r.status === 409)).toHaveLength(14);
  expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 10 });
  await checkInvariants();
});
