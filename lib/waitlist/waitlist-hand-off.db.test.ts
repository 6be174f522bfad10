// The waitlist against a real PostgreSQL, part one: joining, the engine's hand-off on every path
// that frees units (lazy reclaim, sweep, cart shrink, order cancelled, stock raised, bulk import),
// offers that lapse and pass on, listings that can no longer be sold, and the per-customer limit.
// After every step the books balance (reserved = the sum of ACTIVE holds, offers included; the
// ledger proves the counters). Claims, leaving, the mail outbox and races: waitlist-claims.db.test.ts.
import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { bulkAdjustStock } from "@/lib/inventory/bulk-adjust-stock";
import { getStockLevels } from "@/lib/inventory/availability";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { seedItem, seedListing, seedStore } from "@/lib/testing/inventory-fixtures";
import { createTestProduct } from "@/lib/testing/cart-fixtures";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkout, counters, expectBooksBalanced, fillCart, makeDeps, newGuest, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { claimWaitlistOffer } from "@/lib/waitlist/claim-offer";
import { serveWaitingLines } from "@/lib/waitlist/serve-waiting-lines";
import { testDbForFile } from "@/lib/testing/test-db";
import { codeOf, SECRET, waitlistKit } from "@/lib/testing/waitlist-fixtures";

const t = testDbForFile({ poolSize: 12 });
const { deps, join, entries, tokenOf, expectOffersSound, soldOut } = waitlistKit(t);

describe("joining the line", () => {
  it("refuses an in-stock variant (409 IN_STOCK), an unknown one (404), twice (409 with the entry), over the drop's limit", async () => {
    const clock = new TestClock();
    const store = await seedStore(t.db);
    const item = await seedItem(t.db, { storeId: store.id, stock: 3, now: clock.now, productOpts: { perCustomerLimit: 2 } });
    expect(await codeOf(join(clock, store.id, item.variantId, "a@x.test", 1))).toBe("IN_STOCK");
    expect(await codeOf(join(clock, store.id, "no-such-variant", "a@x.test"))).toBe("NOT_FOUND");
    expect(await codeOf(join(clock, store.id, item.variantId, "a@x.test", 3))).toBe("LIMIT_EXCEEDED");
    const other = await seedStore(t.db);
    expect(await codeOf(join(clock, other.id, item.variantId, "a@x.test"))).toBe("NOT_FOUND");
    const guestless = joinWaitlist(deps(clock), { storeId: store.id, variantId: item.variantId, quantity: 1, user: null, email: null, guestTokenHash: null });
    expect(await codeOf(guestless)).toBe("INVALID_INPUT");
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]);
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 1 }]);
    const { entry } = await join(clock, store.id, item.variantId, "a@x.test", 2);
    expect(entry).toMatchObject({ status: "WAITING", position: 1, quantity: 2 });
    const twice = await join(clock, store.id, item.variantId, "A@x.test", 1).catch((e: AppError) => e);
    expect(twice).toBeInstanceOf(AppError);
    expect((twice as AppError).code).toBe("CONFLICT");
    expect((twice as AppError).details?.entry).toMatchObject({ id: entry.id, position: 1 });
    expect((await join(clock, store.id, item.variantId, "b@x.test")).entry.position).toBe(2);
    // A drop before its release: shoppers may join although units are free.
    const drop = await seedItem(t.db, { storeId: store.id, stock: 5, now: clock.now, productOpts: { releaseAt: new Date(clock.now.getTime() + 3600_000) } });
    expect((await join(clock, store.id, drop.variantId, "c@x.test")).entry).toMatchObject({ status: "WAITING", position: 1 });
    await expectBooksBalanced(t);
  });
});

describe("the hand-off", () => {
  it("a lapsed hold's units go to the oldest entries, not to the stranger whose add reclaimed them; the shown availability promises nothing", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 3, { ttl: 60 });
    const a = await join(clock, store.id, item.variantId, "a@x.test", 1);
    const b = await join(clock, store.id, item.variantId, "b@x.test", 1);
    const c = await join(clock, store.id, item.variantId, "c@x.test", 2);
    const d = await join(clock, store.id, item.variantId, "d@x.test", 1);
    clock.advance(61);
    // Three units lapsed (unswept): shown availability keeps them for the line (demand 5).
    expect((await getStockLevels(deps(clock), { storeId: store.id, variantIds: [item.variantId] }))[0]!.available).toBe(0);
    const stranger = newGuest(store.id);
    expect(await codeOf(setCartLine(deps(clock), { ...stranger, variantId: item.variantId, mode: "add", quantity: 1 }))).toBe("INSUFFICIENT_STOCK");
    const after = await entries(item.itemId);
    expect(after.map((e) => [e.email, e.status, e.offeredQuantity])).toEqual([
      ["a@x.test", "OFFERED", 1],
      ["b@x.test", "OFFERED", 1],
      ["c@x.test", "OFFERED", 1], // partial: one unit was left
      ["d@x.test", "WAITING", null],
    ]);
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 3 });
    expect(await t.db.waitlistMail.count({ where: { entryId: { in: [a.entry.id, b.entry.id, c.entry.id] } } })).toBe(3);
    // The ledger: the lapse's EXPIRE row, then the offers' HOLD rows.
    const ledger = await t.db.stockMovement.findMany({ where: { inventoryItemId: item.itemId }, orderBy: { id: "asc" }, select: { kind: true, reservedDelta: true, reason: true } });
    expect(ledger.slice(-4)).toEqual([
      { kind: "EXPIRE", reservedDelta: -3, reason: "hold lapsed" },
      { kind: "HOLD", reservedDelta: 1, reason: "waitlist offer" },
      { kind: "HOLD", reservedDelta: 1, reason: "waitlist offer" },
      { kind: "HOLD", reservedDelta: 1, reason: "waitlist offer" },
    ]);
    expect(d.entry.position).toBe(4);
    await expectOffersSound(item.itemId);
  });

  it("an offer that lapses (swept) passes to the next entry; with nobody waiting the units return to everyone", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 1, { ttl: 60 });
    await join(clock, store.id, item.variantId, "a@x.test");
    await join(clock, store.id, item.variantId, "b@x.test");
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    let [a, b] = await entries(item.itemId);
    expect([a!.status, b!.status]).toEqual(["OFFERED", "WAITING"]);
    clock.advance(601);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    [a, b] = await entries(item.itemId);
    expect([a!.status, b!.status]).toEqual(["LAPSED", "OFFERED"]);
    await expectOffersSound(item.itemId);
    // b's offer lapses and is reclaimed lazily by a stranger's add: nobody waits, so the stranger gets it.
    clock.advance(601);
    const stranger = newGuest(store.id);
    await setCartLine(deps(clock), { ...stranger, variantId: item.variantId, mode: "add", quantity: 1 });
    [a, b] = await entries(item.itemId);
    expect(b!.status).toBe("LAPSED");
    expect(await counters(t, item.itemId)).toEqual({ stock: 1, reserved: 1 });
    await expectOffersSound(item.itemId);
  });

  it("every path that frees units serves the line: cart shrink, cart clear, order cancelled, stock raised, bulk import", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [4] });
    const item = items[0]!;
    const cart = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]);
    const buyer = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]);
    const { order } = await checkout(t, clock, buyer);
    for (const email of ["a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test", "f@x.test"]) await join(clock, store.id, item.variantId, email);
    const statuses = async () => (await entries(item.itemId)).map((e) => e.status);
    await setCartLine(deps(clock), { ...cart, variantId: item.variantId, mode: "set", quantity: 1 }); // shrink
    expect(await statuses()).toEqual(["OFFERED", "WAITING", "WAITING", "WAITING", "WAITING", "WAITING"]);
    await setCartLine(deps(clock), { ...cart, variantId: item.variantId, mode: "set", quantity: 0 }); // remove
    expect((await statuses()).slice(0, 2)).toEqual(["OFFERED", "OFFERED"]);
    await cancelOrder(makeDeps(t, clock), { storeId: store.id, orderId: order.id, actor: { type: "USER", id: "u", label: "admin" } });
    expect((await statuses()).slice(0, 4)).toEqual(["OFFERED", "OFFERED", "OFFERED", "OFFERED"]);
    await adjustStock(deps(clock), { storeId: store.id, sku: item.sku, adjust: 1, reason: "restock", actor: { type: "USER", id: "u", label: "admin" } });
    expect((await statuses())[4]).toBe("OFFERED");
    await bulkAdjustStock(deps(clock), { storeId: store.id, rows: [{ sku: item.sku, adjust: 3 }], actor: { type: "TOKEN", id: "t", label: "erp" }, reason: "import" });
    expect(await statuses()).toEqual(["OFFERED", "OFFERED", "OFFERED", "OFFERED", "OFFERED", "OFFERED"]);
    // 8 units: 6 offered, 2 free for everyone.
    expect(await counters(t, item.itemId)).toEqual({ stock: 8, reserved: 6 });
    expect((await getStockLevels(deps(clock), { storeId: store.id, variantIds: [item.variantId] }))[0]!.available).toBe(2);
    await expectOffersSound(item.itemId);
  });

  it("offers follow the drop's per-customer limit: a signed-in shopper's orders count", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 2, { perCustomerLimit: 2, ttl: 60 });
    const user = await t.db.user.create({ data: { email: `u-${Date.now()}@x.test`, passwordHash: "x" } });
    // The user already holds one unit in their cart (another variant-less way: the same product's line).
    const joined = await joinWaitlist(deps(clock), { storeId: store.id, variantId: item.variantId, quantity: 2, user: { id: user.id, email: user.email }, email: null, guestTokenHash: null });
    expect(joined.status).toBe("WAITING");
    await t.db.cart.create({ data: { storeId: store.id, userId: user.id, lines: { create: { variantId: item.variantId, quantity: 1 } } } });
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    const [e] = await entries(item.itemId);
    expect([e!.status, e!.offeredQuantity]).toEqual(["OFFERED", 1]);
    await expectOffersSound(item.itemId);
  });
});

describe("listings that can no longer be sold", () => {
  /** A supplier's item sold out, listed three ways: the supplier's V1 and V3, a reseller's V2 (granted). */
  async function threeListings(clock: TestClock, stock: number) {
    const supplier = await seedStore(t.db, { reservationTtlSeconds: 60, lowStockDefault: 0 });
    const reseller = await seedStore(t.db, { reservationTtlSeconds: 60, lowStockDefault: 0 });
    const item = await seedItem(t.db, { storeId: supplier.id, stock, now: clock.now });
    const resold = await seedListing(t.db, { storeId: reseller.id, itemId: item.itemId });
    const other = await seedListing(t.db, { storeId: supplier.id, itemId: item.itemId });
    await fillCart(t, clock, supplier.id, [{ variantId: item.variantId, quantity: stock }]);
    const revoke = () =>
      t.db.supplierGrant.updateMany({ where: { supplierStoreId: supplier.id, resellerStoreId: reseller.id }, data: { revokedAt: clock.now } });
    const archive = (variantId: string) => t.db.variant.update({ where: { id: variantId }, data: { archivedAt: clock.now } });
    return { supplier, reseller, item, v1: item.variantId, v2: resold.variantId, v3: other.variantId, revoke, archive };
  }

  it("no offer through a revoked reseller listing or an archived variant: those entries keep their place and are passed over; joining them is 409 NOT_AVAILABLE", async () => {
    const clock = new TestClock();
    const s = await threeListings(clock, 2);
    await join(clock, s.reseller.id, s.v2, "a@x.test");
    await join(clock, s.supplier.id, s.v1, "b@x.test");
    await join(clock, s.supplier.id, s.v3, "c@x.test");
    await s.revoke();
    await s.archive(s.v1);
    // Joining is refused as the cart refuses an add of these listings.
    expect(await codeOf(join(clock, s.reseller.id, s.v2, "x@x.test"))).toBe("NOT_AVAILABLE");
    expect(await codeOf(join(clock, s.supplier.id, s.v1, "y@x.test"))).toBe("NOT_AVAILABLE");
    expect(await codeOf(setCartLine(deps(clock), { ...newGuest(s.reseller.id), variantId: s.v2, mode: "add", quantity: 1 }))).toBe("NOT_AVAILABLE");
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    expect((await entries(s.item.itemId)).map((e) => [e.email, e.status, e.offeredQuantity])).toEqual([
      ["a@x.test", "WAITING", null],
      ["b@x.test", "WAITING", null],
      ["c@x.test", "OFFERED", 1],
    ]);
    expect(await counters(t, s.item.itemId)).toEqual({ stock: 2, reserved: 1 });
    // The jobs' pass over waiting lines does not offer them either.
    await serveWaitingLines(deps(clock));
    expect((await entries(s.item.itemId)).map((e) => e.status)).toEqual(["WAITING", "WAITING", "OFFERED"]);
    await expectOffersSound(s.item.itemId);
  });

  it("claiming an offer whose listing can no longer be sold is 409 NOT_AVAILABLE: the offer ends, its units pass to the next entry", async () => {
    const clock = new TestClock();
    const s = await threeListings(clock, 1);
    const a = await join(clock, s.reseller.id, s.v2, "a@x.test");
    const b = await join(clock, s.supplier.id, s.v1, "b@x.test");
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    expect((await entries(s.item.itemId)).map((e) => e.status)).toEqual(["OFFERED", "WAITING"]);
    await s.revoke();
    const claimer = newGuest(s.reseller.id);
    const refused = await claimWaitlistOffer(deps(clock), { owner: claimer, token: await tokenOf(a.entry.id), secret: SECRET }).catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("NOT_AVAILABLE");
    expect(ERROR_STATUS[(refused as AppError).code]).toBe(409);
    expect((await entries(s.item.itemId)).map((e) => [e.status, e.endReason])).toEqual([["LAPSED", "offer released"], ["OFFERED", null]]);
    expect((await getCartView(deps(clock), claimer)).lines).toEqual([]);
    // The same link again: the offer has ended.
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: claimer, token: await tokenOf(a.entry.id), secret: SECRET }))).toBe("OFFER_EXPIRED");
    // b's listing (the supplier's own variant) is archived before b claims: refused too; nobody else waits, the unit is free.
    await s.archive(s.v1);
    const bGuest = b.guest;
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: bGuest, token: await tokenOf(b.entry.id), secret: SECRET }))).toBe("NOT_AVAILABLE");
    expect((await entries(s.item.itemId)).map((e) => e.status)).toEqual(["LAPSED", "LAPSED"]);
    expect(await counters(t, s.item.itemId)).toEqual({ stock: 1, reserved: 0 });
    const ledger = await t.db.stockMovement.findMany({ where: { inventoryItemId: s.item.itemId }, orderBy: { id: "asc" }, select: { kind: true, reason: true } });
    expect(ledger.slice(-3)).toEqual([
      { kind: "RELEASE", reason: "no longer available" },
      { kind: "HOLD", reason: "waitlist offer" },
      { kind: "RELEASE", reason: "no longer available" },
    ]);
    await expectOffersSound(s.item.itemId);
  });
});

describe("the per-customer limit counts what the claim will count", () => {
  it("an account's live offer on another variant of the product counts: no second offer the claim would refuse; once claimed, the other entry is cancelled", async () => {
    const clock = new TestClock();
    const store = await seedStore(t.db, { reservationTtlSeconds: 60, lowStockDefault: 0 });
    const p = await createTestProduct(t.db, { storeId: store.id, stock: 2, variants: 2, perCustomerLimit: 2 });
    for (const variantId of p.variantIds) await fillCart(t, clock, store.id, [{ variantId, quantity: 2 }]);
    const user = await t.db.user.create({ data: { email: `l-${Date.now()}@x.test`, passwordHash: "x" } });
    const owner = { storeId: store.id, userId: user.id, tokenHash: null };
    for (const variantId of p.variantIds) {
      await joinWaitlist(deps(clock), { storeId: store.id, variantId, quantity: 2, user: { id: user.id, email: user.email }, email: null, guestTokenHash: null });
    }
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    const mine = () => t.db.waitlistEntry.findMany({ where: { userId: user.id }, orderBy: { seq: "asc" } });
    let es = await mine();
    // Both items' units came back; only one entry may be offered its 2 (the limit is 2 for the product).
    expect(es.map((e) => e.status).sort()).toEqual(["OFFERED", "WAITING"]);
    const offered = es.find((e) => e.status === "OFFERED")!;
    const waiting = es.find((e) => e.status === "WAITING")!;
    expect(offered.offeredQuantity).toBe(2);
    const cart = await claimWaitlistOffer(deps(clock), { owner, token: await tokenOf(offered.id), secret: SECRET });
    expect(cart.lines.map((l) => [l.quantity, l.held])).toEqual([[2, 2]]);
    // The cart now holds the limit: the other entry's turn (the jobs' pass) cancels it.
    await serveWaitingLines(deps(clock));
    es = await mine();
    expect(es.find((e) => e.id === waiting.id)).toMatchObject({ status: "CANCELLED", endReason: "per-customer limit reached" });
    await expectBooksBalanced(t);
  });

  it("a guest's own cart lines count (by the entry's cookie hash): the offer leaves room, and the claim takes it", async () => {
    const clock = new TestClock();
    const store = await seedStore(t.db, { reservationTtlSeconds: 900, lowStockDefault: 0 });
    const item = await seedItem(t.db, { storeId: store.id, stock: 3, now: clock.now, productOpts: { perCustomerLimit: 2 } });
    const guest = newGuest(store.id);
    await setCartLine(deps(clock), { ...guest, variantId: item.variantId, mode: "add", quantity: 1 });
    const holder = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]);
    const { entry } = await join(clock, store.id, item.variantId, "g@x.test", 2, guest);
    await setCartLine(deps(clock), { ...holder, variantId: item.variantId, mode: "set", quantity: 0 });
    const [e] = await entries(item.itemId);
    expect([e!.status, e!.offeredQuantity]).toEqual(["OFFERED", 1]);
    const cart = await claimWaitlistOffer(deps(clock), { owner: guest, token: await tokenOf(entry.id), secret: SECRET });
    expect(cart.lines.map((l) => [l.quantity, l.held])).toEqual([[2, 2]]);
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 2 });
    await expectOffersSound(item.itemId);
  });
});
