// A bounded concurrency stress of the cart paths (issue 24): workers × operations — holds, sets,
// sign-in merges, checkouts, late and timely payments, sweeps, fixes, extends, archive/restore and
// stock changes — for about 15 s on a fast clock (a hold's TTL passes in 3 s), then the report:
// drift, deadlocks, stranded holds, over-limit orders and unexpected errors, all zero.
import { afterAll, beforeAll, expect, it } from "vitest";
import { sqlState } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { mergeGuestCart } from "@/lib/cart/merge-guest-cart";
import { fixCart } from "@/lib/cart/fix-cart";
import { extendCart } from "@/lib/cart/extend-cart";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { seedItem, seedStore, type SeededItem } from "@/lib/testing/inventory-fixtures";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { seededRandom } from "@/lib/testing/seeded-random";

const WORKERS = 8;
const MAX_OPS_PER_WORKER = 400;
const BUDGET_MS = 15_000;
const SPEED = 20; // simulated seconds per real second
const LIMITS = [2, 3, null, null] as const;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ poolSize: WORKERS + 4 });
});
afterAll(async () => {
  await t?.drop();
});


const REFUSALS = new Set(["INSUFFICIENT_STOCK", "LIMIT_EXCEEDED", "NOT_AVAILABLE", "NOT_RELEASED", "EXTEND_LIMIT", "STOCK_BELOW_RESERVED", "CONFLICT"]);

it("workers × operations on the cart paths: no drift, no deadlock, no stranded hold, no order over a limit", { timeout: 90_000 }, async () => {
  const T0 = Date.parse("2026-06-01T10:00:00.000Z");
  const started = Date.now();
  const clock = () => new Date(T0 + (Date.now() - started) * SPEED);
  const store = await seedStore(t.db, { reservationTtlSeconds: 60, paymentTimeoutSeconds: 120, maxHoldExtensions: 2 });
  const items: SeededItem[] = [];
  for (const [i, limit] of LIMITS.entries()) {
    items.push(await seedItem(t.db, { storeId: store.id, stock: 30, sku: `STRESS-${i}`, now: new Date(T0), productOpts: { perCustomerLimit: limit } }));
  }
  const users = await Promise.all(
    Array.from({ length: 4 }, (_, i) => t.db.user.create({ data: { email: `stress-${i}-${store.slug}@example.test`, passwordHash: "x" }, select: { id: true } })),
  );
  const guests = Array.from({ length: 16 }, (_, i) => `${store.slug}-guest-${i}`);
  const payments: string[] = [];
  const report = { operations: 0, deadlocks: 0, unexpected: [] as string[], merges: 0, orders: 0, latePaid: 0, refunded: 0 };

  async function checkout(userId: string | null, tokenHash: string | null) {
    const now = clock();
    const cartId = await findActiveCartId({ db: t.db }, { storeId: store.id, userId, tokenHash });
    const [r] = await t.db.$queryRaw<{ code: string; order_id: string | null }[]>`
      SELECT code, order_id FROM order_checkout(${store.id}, ${cartId}::text, ${userId}::text, ${tokenHash}::text, NULL::text, ${now.toISOString()}::timestamp(3))`;
    if (r!.code === "OK") {
      report.orders++;
      const ref = `${r!.order_id}-pay`;
      await t.db.payment.create({ data: { orderId: r!.order_id!, provider: "sandbox", providerRef: ref, amountCents: 1, currency: "USD", nextCheckAt: now } });
      payments.push(ref);
    } else if (!["CART_EMPTY", "CART_INVALID"].includes(r!.code)) {
      throw new Error(`order_checkout answered ${r!.code}`);
    }
  }

  async function worker(seed: number) {
    const random = seededRandom(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    for (let n = 0; n < MAX_OPS_PER_WORKER && Date.now() - started < BUDGET_MS; n++) {
      const deps = { db: t.db, now: clock() };
      const user = pick(users).id;
      const guest = pick(guests);
      const owner = random() < 0.35 ? { storeId: store.id, userId: user, tokenHash: null } : { storeId: store.id, userId: null, tokenHash: guest };
      const item = pick(items);
      const roll = random();
      try {
        if (roll < 0.4) {
          await setCartLine(deps, { ...owner, variantId: item.variantId, mode: random() < 0.7 ? "add" : "set", quantity: 1 + Math.floor(random() * 3) });
        } else if (roll < 0.55) {
          await mergeGuestCart(deps, { storeId: store.id, tokenHash: guest, userId: user });
          report.merges++;
        } else if (roll < 0.7) {
          await checkout(owner.userId, owner.tokenHash);
        } else if (roll < 0.8) {
          const ref = payments.length > 0 ? pick(payments) : null;
          if (ref) {
            const [r] = await t.db.$queryRaw<{ code: string }[]>`
              SELECT code FROM payment_settle('sandbox', ${ref}, ${random() < 0.6 ? "succeeded" : "expired"}, NULL, NULL, NULL, 'stress', ${deps.now.toISOString()}::timestamp(3))`;
            if (r!.code === "LATE_SOLD") report.latePaid++;
            if (r!.code === "REFUND_NEEDED") report.refunded++;
          }
        } else if (roll < 0.85) {
          await sweepLapsedHolds(deps, { batchSize: 10 });
        } else if (roll < 0.9) {
          await (random() < 0.5 ? fixCart(deps, owner) : extendCart(deps, owner));
        } else if (roll < 0.95) {
          const to = pick(["ARCHIVED", "ACTIVE", "ACTIVE"] as const);
          await t.db.product.update({ where: { id: item.productId }, data: { status: to } });
        } else {
          await adjustStock(deps, { storeId: store.id, sku: item.sku, adjust: Math.floor(random() * 9) - 3, reason: "stress", actor: { type: "SYSTEM" } });
        }
      } catch (e) {
        if (e instanceof AppError && REFUSALS.has(e.code)) continue;
        if (sqlState(e) === "40P01") report.deadlocks++;
        else report.unexpected.push(e instanceof Error ? e.message.slice(0, 300) : String(e));
      } finally {
        report.operations++;
      }
    }
  }

  await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(1000 + i)));

  const [drift, stranded, overLimit, overLine, twoCarts] = await Promise.all([
    checkInvariants({ db: t.db }),
    t.db.$queryRaw<{ id: string }[]>`
      SELECT h.id FROM "Hold" h JOIN "Cart" c ON c.id = h."cartId"
      WHERE h.status = 'ACTIVE' AND h."orderId" IS NULL AND c.status <> 'ACTIVE'`,
    t.db.$queryRaw<{ user_id: string }[]>`
      SELECT o."userId" AS user_id FROM "Order" o JOIN "OrderLine" ol ON ol."orderId" = o.id
      JOIN "Variant" v ON v.id = ol."variantId" JOIN "Product" p ON p.id = v."productId"
      WHERE o."storeId" = ${store.id} AND o."userId" IS NOT NULL AND o.status <> 'CANCELLED' AND p."perCustomerLimit" IS NOT NULL
      GROUP BY o."userId", p.id, p."perCustomerLimit" HAVING sum(ol.quantity) > p."perCustomerLimit"`,
    t.db.orderLine.count({ where: { quantity: { gt: 99 }, order: { storeId: store.id } } }),
    t.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Cart" WHERE "storeId" = ${store.id} AND status = 'ACTIVE' AND "userId" IS NOT NULL GROUP BY "userId" HAVING count(*) > 1`,
  ]);
  const summary = {
    ...report,
    unexpected: report.unexpected.length,
    drift: drift.length,
    strandedHolds: stranded.length,
    overLimitOrders: overLimit.length + overLine,
    accountsWithTwoCarts: twoCarts.length,
  };
  console.log(`cart-paths stress: ${JSON.stringify(summary)}`);
  expect(report.unexpected).toEqual([]);
  expect(summary).toMatchObject({ deadlocks: 0, drift: 0, strandedHolds: 0, overLimitOrders: 0, accountsWithTwoCarts: 0 });
  expect(report.operations).toBeGreaterThan(200);
  expect(report.merges).toBeGreaterThan(0);
  expect(report.orders).toBeGreaterThan(0);
});
