// The waitlist db tests' kit (lib/waitlist/*.db.test.ts): joining as a guest, a file's entries
// and claim tokens, the books-and-offers check, and a sold-out store to wait on.
import { expect } from "vitest";
import type { AppError } from "@/lib/errors";
import type { TestDb } from "@/lib/testing/test-db";
import { seedItem, seedStore } from "@/lib/testing/inventory-fixtures";
import { expectBooksBalanced, fillCart, newGuest, type Guest, type TestClock } from "@/lib/testing/order-fixtures";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { signClaimToken } from "@/lib/waitlist/claim-token";

export const SECRET = "waitlist-test-secret";

/** What a promise settled as: "OK", or the AppError's code. */
export const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: AppError) => e.code ?? String(e));

/** The helpers on test database `t` (testDbForFile's: read `t.db` only inside tests). */
export function waitlistKit(t: TestDb) {
  const deps = (clock: TestClock) => ({ db: t.db, now: clock.now });

  async function join(clock: TestClock, storeId: string, variantId: string, email: string, quantity = 1, guest: Guest = newGuest(storeId)) {
    const entry = await joinWaitlist(deps(clock), { storeId, variantId, quantity, user: null, email, guestTokenHash: guest.tokenHash });
    return { entry, guest };
  }

  async function entries(itemId: string) {
    return t.db.waitlistEntry.findMany({ where: { inventoryItemId: itemId }, orderBy: { seq: "asc" } });
  }

  async function tokenOf(entryId: string) {
    const e = await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entryId } });
    return signClaimToken(SECRET, e.id, e.offerHoldId!);
  }

  /** Offers are ordinary holds: no unit is offered twice (one offer hold per entry, at most the units that came back). */
  async function expectOffersSound(itemId: string) {
    const all = await entries(itemId);
    const holds = await t.db.hold.findMany({ where: { inventoryItemId: itemId, kind: "OFFER" } });
    expect(new Set(holds.map((h) => h.id)).size).toBe(holds.length);
    for (const h of holds) expect(all.filter((e) => e.offerHoldId === h.id)).toHaveLength(1);
    await expectBooksBalanced(t);
  }

  /** A store whose one item is sold out: `stock` units held by one guest cart. */
  async function soldOut(clock: TestClock, stock: number, opts: { perCustomerLimit?: number; ttl?: number } = {}) {
    const store = await seedStore(t.db, { reservationTtlSeconds: opts.ttl ?? 900, lowStockDefault: 0 });
    await t.db.store.update({ where: { id: store.id }, data: { offerTtlSeconds: 600 } });
    const item = await seedItem(t.db, { storeId: store.id, stock, now: clock.now, productOpts: { perCustomerLimit: opts.perCustomerLimit ?? null } });
    const holder = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: stock }]);
    return { store, item, holder };
  }

  return { deps, join, entries, tokenOf, expectOffersSound, soldOut };
}
