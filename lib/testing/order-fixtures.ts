// Fixtures for the order, payment and job database tests: a test clock, a store with items, a guest
// cart filled through the real cart domain, the real sandbox provider, and the books' invariants.
import type { TestDb } from "@/lib/testing/test-db";
import { newCartToken, hashCartToken } from "@/lib/cart/cart-token";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { checkInvariants } from "@/lib/inventory/invariants";
import { seedItem, seedStore } from "@/lib/testing/inventory-fixtures";
import { checkoutCart } from "@/lib/orders/checkout-cart";
import type { PaymentProviders } from "@/lib/payments/payment-provider";
import { providersOf } from "@/lib/payments/providers-of";
import { createSandboxProvider } from "@/lib/payments/sandbox/sandbox-provider";
import type { JobDeps } from "@/lib/jobs/run-cleanup";

export const SANDBOX_TEST_SECRET = "sandbox-test-secret-0123456789abcdef";

/** A settable clock; `deps()` snapshots it for one call. */
export class TestClock {
  now: Date;
  constructor(start = "2026-11-21T12:00:00.000Z") {
    this.now = new Date(start);
  }
  advance(seconds: number): Date {
    this.now = new Date(this.now.getTime() + seconds * 1000);
    return this.now;
  }
}

export function sandboxPayments(t: TestDb): PaymentProviders {
  return providersOf(createSandboxProvider({ db: t.db, secret: SANDBOX_TEST_SECRET }));
}

export function makeDeps(t: TestDb, clock: TestClock, payments = sandboxPayments(t)): JobDeps {
  return { db: t.db, now: clock.now, payments, pool: t.pool };
}

export type Guest = { storeId: string; userId: null; tokenHash: string; token: string };

export function newGuest(storeId: string): Guest {
  const token = newCartToken();
  return { storeId, userId: null, tokenHash: hashCartToken(token), token };
}

/** A store with one item per entry of `stocks`, each listed by a product with one variant. */
export async function seedShop(
  t: TestDb,
  clock: TestClock,
  input: { stocks: number[]; paymentTimeoutSeconds?: number; reservationTtlSeconds?: number; lowStockDefault?: number; priceCents?: number },
) {
  const store = await seedStore(t.db, {
    paymentTimeoutSeconds: input.paymentTimeoutSeconds ?? 1800,
    reservationTtlSeconds: input.reservationTtlSeconds ?? 900,
    lowStockDefault: input.lowStockDefault ?? 0,
  });
  const items = [];
  for (const [n, stock] of input.stocks.entries()) {
    items.push(
      await seedItem(t.db, {
        storeId: store.id,
        stock,
        now: clock.now,
        productOpts: { title: `Product ${n}`, priceCents: input.priceCents ?? 1000 + n },
      }),
    );
  }
  return { store, items };
}

/** A guest whose cart holds `quantity` of each variant. */
export async function fillCart(t: TestDb, clock: TestClock, storeId: string, lines: { variantId: string; quantity: number }[]): Promise<Guest> {
  const guest = newGuest(storeId);
  for (const line of lines) {
    await setCartLine({ db: t.db, now: clock.now }, { ...guest, variantId: line.variantId, mode: "add", quantity: line.quantity });
  }
  return guest;
}

export async function checkout(t: TestDb, clock: TestClock, guest: Guest, idempotencyKey: string | null = null, payments?: PaymentProviders) {
  return checkoutCart(makeDeps(t, clock, payments ?? sandboxPayments(t)), {
    storeId: guest.storeId,
    userId: guest.userId,
    tokenHash: guest.tokenHash,
    idempotencyKey,
    returnUrlFor: (id) => `http://shop.test/s/orders/${id}`,
  });
}

export async function counters(t: TestDb, itemId: string) {
  return t.db.inventoryItem.findUniqueOrThrow({ where: { id: itemId }, select: { stock: true, reserved: true } });
}

/** Throws with the drifted items when any counter disagrees with its holds or its ledger. */
export async function expectBooksBalanced(t: TestDb): Promise<void> {
  const violations = await checkInvariants({ db: t.db });
  if (violations.length > 0) throw new Error(`books out of balance: ${JSON.stringify(violations, null, 2)}`);
}

export async function paymentOf(t: TestDb, orderId: string) {
  return t.db.payment.findFirstOrThrow({ where: { orderId }, select: { id: true, provider: true, providerRef: true, status: true, attempts: true, nextCheckAt: true } });
}
