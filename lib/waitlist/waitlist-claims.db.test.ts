// The waitlist against a real PostgreSQL, part two: claims, leaving, the mail outbox (at most
// once, retried with a backoff) and races. After every step the books balance (reserved = the sum
// of ACTIVE holds, offers included; the ledger proves the counters). Joining and the hand-off:
// waitlist-hand-off.db.test.ts.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { getStockLevels } from "@/lib/inventory/availability";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkout, counters, fillCart, makeDeps, newGuest, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { runCleanup } from "@/lib/jobs/run-cleanup";
import type { MailMessage, MailTransport } from "@/lib/mail/transport";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { leaveWaitlist } from "@/lib/waitlist/leave-waitlist";
import { claimWaitlistOffer } from "@/lib/waitlist/claim-offer";
import { deliverWaitlistMail } from "@/lib/waitlist/deliver-waitlist-mail";
import { listWaitlist } from "@/lib/waitlist/list-waitlist";
import { testDbForFile } from "@/lib/testing/test-db";
import { codeOf, SECRET, waitlistKit } from "@/lib/testing/waitlist-fixtures";
import { verifyClaimToken } from "@/lib/waitlist/claim-token";

const t = testDbForFile({ poolSize: 12 });
const { deps, join, entries, tokenOf, expectOffersSound, soldOut } = waitlistKit(t);

/** A 3-unit item: the shopper's cart holds 1 and waits for 1 more; another cart lets 1 of its 2 go, offered to the shopper. */
async function offeredToAHolder() {
  const clock = new TestClock();
  const { store, items } = await seedShop(t, clock, { stocks: [3] });
  const item = items[0]!;
  const shopper = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 1 }]);
  const other = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]);
  const { entry } = await join(clock, store.id, item.variantId, "a@x.test", 1, shopper);
  await setCartLine(deps(clock), { ...other, variantId: item.variantId, mode: "set", quantity: 1 });
  return { clock, item, shopper, entry };
}

describe("claiming and leaving", () => {
  it("a claim moves the same hold into the claimer's cart with a fresh TTL; twice is 409, a lapsed offer 410, a forged token 404, an account's offer needs that account", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 2, { ttl: 60 });
    const a = await join(clock, store.id, item.variantId, "a@x.test");
    const user = await t.db.user.create({ data: { email: `b-${Date.now()}@x.test`, passwordHash: "x" } });
    const b = await joinWaitlist(deps(clock), { storeId: store.id, variantId: item.variantId, quantity: 1, user: { id: user.id, email: user.email }, email: null, guestTokenHash: null });
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    const offerA = (await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: a.entry.id } })).offerHoldId!;
    clock.advance(30);
    const claimer = newGuest(store.id);
    const cart = await claimWaitlistOffer(deps(clock), { owner: claimer, token: await tokenOf(a.entry.id), secret: SECRET });
    expect(cart.lines).toMatchObject([{ variantId: item.variantId, quantity: 1, held: 1 }]);
    const hold = await t.db.hold.findUniqueOrThrow({ where: { id: offerA } });
    expect(hold.status).toBe("ACTIVE");
    expect(hold.cartId).not.toBeNull();
    expect(hold.expiresAt.getTime()).toBe(clock.now.getTime() + 60_000);
    expect(cart.expiresAt).toBe(new Date(clock.now.getTime() + 60_000).toISOString());
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: claimer, token: await tokenOf(a.entry.id), secret: SECRET }))).toBe("CONFLICT");
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: newGuest(store.id), token: await tokenOf(a.entry.id), secret: SECRET }))).toBe("CONFLICT");
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: claimer, token: `${a.entry.id}.${offerA}.forged`, secret: SECRET }))).toBe("NOT_FOUND");
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: claimer, token: await tokenOf(a.entry.id), secret: "another-secret" }))).toBe("NOT_FOUND");
    expect(verifyClaimToken(SECRET, "a.b")).toBeNull();
    // b's offer belongs to an account: a guest (401) or another account (403) cannot claim it.
    const tokenB = await tokenOf(b.id);
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: newGuest(store.id), token: tokenB, secret: SECRET }))).toBe("UNAUTHENTICATED");
    const other = await t.db.user.create({ data: { email: `o-${Date.now()}@x.test`, passwordHash: "x" } });
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: { storeId: store.id, userId: other.id, tokenHash: null }, token: tokenB, secret: SECRET }))).toBe("FORBIDDEN");
    clock.advance(601);
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: { storeId: store.id, userId: user.id, tokenHash: null }, token: tokenB, secret: SECRET }))).toBe("OFFER_EXPIRED");
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("LAPSED");
    expect(await codeOf(claimWaitlistOffer(deps(clock), { owner: { storeId: store.id, userId: user.id, tokenHash: null }, token: tokenB, secret: SECRET }))).toBe("OFFER_EXPIRED");
    await expectOffersSound(item.itemId);
  });

  it("a claim into a cart that already holds the variant joins that hold; the ledger shows the move, the counters do not change", async () => {
    const { clock, item, shopper, entry } = await offeredToAHolder();
    const cart = await claimWaitlistOffer(deps(clock), { owner: shopper, token: await tokenOf(entry.id), secret: SECRET });
    expect(cart.lines).toMatchObject([{ quantity: 2, held: 2 }]);
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 3 });
    await expectOffersSound(item.itemId);
  });

  it("a claim into a cart whose own hold on the variant has lapsed (not yet swept) ends that hold and moves the offer in", async () => {
    const { clock, item, shopper, entry } = await offeredToAHolder();
    // The shopper's own hold lapses while the offer is live (the sweep has not run).
    await t.db.$executeRaw`UPDATE "Hold" SET "expiresAt" = ${new Date(clock.now.getTime() - 1000)}
      WHERE "inventoryItemId" = ${item.itemId} AND status = 'ACTIVE' AND "cartId" IN (SELECT id FROM "Cart" WHERE "tokenHash" = ${shopper.tokenHash})`;
    const cart = await claimWaitlistOffer(deps(clock), { owner: shopper, token: await tokenOf(entry.id), secret: SECRET });
    expect(cart.lines).toMatchObject([{ held: 1 }]);
    expect(await t.db.hold.count({ where: { inventoryItemId: item.itemId, status: "EXPIRED" } })).toBe(1);
    expect(await counters(t, item.itemId)).toEqual({ stock: 3, reserved: 2 });
    await expectOffersSound(item.itemId);
  });

  it("leaving: only one's own entry (else 404); a live offer's units pass to the next entry", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 1, { ttl: 60 });
    const a = await join(clock, store.id, item.variantId, "a@x.test");
    const b = await join(clock, store.id, item.variantId, "b@x.test");
    expect(await codeOf(leaveWaitlist(deps(clock), { storeId: store.id, entryId: a.entry.id, userId: null, guestTokenHash: b.guest.tokenHash }))).toBe("NOT_FOUND");
    expect(await codeOf(leaveWaitlist(deps(clock), { storeId: store.id, entryId: "nope", userId: null, guestTokenHash: a.guest.tokenHash }))).toBe("NOT_FOUND");
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    expect((await entries(item.itemId)).map((e) => e.status)).toEqual(["OFFERED", "WAITING"]);
    const left = await leaveWaitlist(deps(clock), { storeId: store.id, entryId: a.entry.id, userId: null, guestTokenHash: a.guest.tokenHash });
    expect(left.status).toBe("CANCELLED");
    expect((await entries(item.itemId)).map((e) => e.status)).toEqual(["CANCELLED", "OFFERED"]);
    const leftB = await leaveWaitlist(deps(clock), { storeId: store.id, entryId: b.entry.id, userId: null, guestTokenHash: b.guest.tokenHash });
    expect(leftB.status).toBe("CANCELLED");
    expect(await counters(t, item.itemId)).toEqual({ stock: 1, reserved: 0 });
    await expectOffersSound(item.itemId);
    const admin = await listWaitlist({ db: t.db }, { storeId: store.id, sku: undefined, limit: 50 });
    expect(admin.items.map((i) => i.status).sort()).toEqual(["CANCELLED", "CANCELLED"]);
    expect(admin.summary).toMatchObject({ offered: 2, waiting: 0 });
  });
});

describe("the mail outbox", () => {
  it("sends each offer once, retries a refused send with a backoff, skips an offer that ended first", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 2, { ttl: 60 });
    await join(clock, store.id, item.variantId, "a@x.test");
    await join(clock, store.id, item.variantId, "b@x.test");
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    const sent: MailMessage[] = [];
    let failNext = 1;
    const transport: MailTransport = {
      kind: "smtp",
      async send(m) {
        if (failNext-- > 0) throw new Error("421 try later");
        sent.push(m);
      },
      close() {},
    };
    // Only this test's mail is due (the database is shared by the file's tests).
    await t.db.waitlistMail.updateMany({ where: { entryId: { notIn: (await entries(item.itemId)).map((e) => e.id) } }, data: { status: "SENT" } });
    const mailDeps = () => ({ db: t.db, now: clock.now, transport, appUrl: "http://shop.test", secret: SECRET });
    expect(await deliverWaitlistMail(mailDeps())).toMatchObject({ sent: 1, retried: 1 });
    expect(await deliverWaitlistMail(mailDeps())).toMatchObject({ sent: 0, retried: 0 }); // the retry is not due yet
    clock.advance(31);
    expect(await deliverWaitlistMail(mailDeps())).toMatchObject({ sent: 1 });
    expect(await deliverWaitlistMail(mailDeps())).toMatchObject({ sent: 0 });
    expect(sent.map((m) => m.to).sort()).toEqual(["a@x.test", "b@x.test"]);
    const link = /(http:\/\/shop\.test\/[^\s]+)/.exec(sent[0]!.text)![1]!;
    const token = new URL(link).searchParams.get("token")!;
    expect(verifyClaimToken(SECRET, token)).not.toBeNull();
    expect(link.startsWith(`http://shop.test/${store.slug}/waitlist/claim?token=`)).toBe(true);
    // A mail whose offer lapsed before delivery is not sent.
    await t.db.waitlistMail.updateMany({ where: { entryId: { in: (await entries(item.itemId)).map((e) => e.id) } }, data: { status: "PENDING", nextAttemptAt: clock.now } });
    clock.advance(601);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    expect(await deliverWaitlistMail(mailDeps())).toMatchObject({ sent: 0, skipped: 2 });
  });
});

describe("races", () => {
  it("an offer racing a restock, the sweep and strangers' adds for the same units: the line is served first, oldest first, nothing twice", async () => {
    const clock = new TestClock();
    const { store, item, holder } = await soldOut(clock, 4, { ttl: 60 });
    void holder;
    const joined = [];
    for (let i = 0; i < 5; i++) joined.push((await join(clock, store.id, item.variantId, `w${i}@x.test`)).entry.id);
    clock.advance(61);
    // 4 lapsed units + 3 restocked = 7; 5 for the line, at most 2 for the 6 strangers.
    const strangers = Array.from({ length: 6 }, () => newGuest(store.id));
    const results = await Promise.allSettled([
      sweepLapsedHolds(deps(clock), { yieldToOthers: false }),
      adjustStock(deps(clock), { storeId: store.id, sku: item.sku, adjust: 3, reason: "restock", actor: { type: "USER", id: "u", label: "admin" } }),
      ...strangers.map((g) => setCartLine(deps(clock), { ...g, variantId: item.variantId, mode: "add", quantity: 1 })),
    ]);
    const strangerWins = results.slice(2).filter((r) => r.status === "fulfilled").length;
    for (const r of results.slice(2)) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("INSUFFICIENT_STOCK");
    const all = await entries(item.itemId);
    expect(all.map((e) => e.id)).toEqual(joined);
    expect(all.every((e) => e.status === "OFFERED")).toBe(true);
    expect(strangerWins).toBeLessThanOrEqual(2);
    expect(await counters(t, item.itemId)).toEqual({ stock: 7, reserved: 5 + strangerWins });
    await expectOffersSound(item.itemId);
  });

  it("cancelling an order whose units go to the line while the sweep runs: each unit once, the oldest entries first", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [6], reservationTtlSeconds: 60 });
    const item = items[0]!;
    const buyer = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 3 }]);
    const { order } = await checkout(t, clock, buyer);
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 3 }]);
    for (let i = 0; i < 8; i++) await join(clock, store.id, item.variantId, `q${i}@x.test`);
    clock.advance(61); // the cart's 3 units lapse; the order's 3 are cancelled at the same moment
    await Promise.all([
      runCleanup(makeDeps(t, clock)),
      cancelOrder(makeDeps(t, clock), { storeId: store.id, orderId: order.id, actor: { type: "USER", id: "u", label: "admin" } }),
    ]);
    const statuses = (await entries(item.itemId)).map((e) => e.status);
    expect(statuses).toEqual(["OFFERED", "OFFERED", "OFFERED", "OFFERED", "OFFERED", "OFFERED", "WAITING", "WAITING"]);
    expect(await counters(t, item.itemId)).toEqual({ stock: 6, reserved: 6 });
    await expectOffersSound(item.itemId);
  });

  it("claims and leaves racing the sweep on the same offers never strand a unit", async () => {
    const clock = new TestClock();
    const { store, item } = await soldOut(clock, 3, { ttl: 60 });
    const js = [];
    for (let i = 0; i < 5; i++) js.push(await join(clock, store.id, item.variantId, `r${i}@x.test`));
    clock.advance(61);
    await sweepLapsedHolds(deps(clock), { yieldToOthers: false });
    clock.advance(600); // the three offers lapse right now
    await Promise.allSettled([
      sweepLapsedHolds(deps(clock), { yieldToOthers: false }),
      claimWaitlistOffer(deps(clock), { owner: newGuest(store.id), token: await tokenOf(js[0]!.entry.id), secret: SECRET }),
      leaveWaitlist(deps(clock), { storeId: store.id, entryId: js[1]!.entry.id, userId: null, guestTokenHash: js[1]!.guest.tokenHash }),
      leaveWaitlist(deps(clock), { storeId: store.id, entryId: js[3]!.entry.id, userId: null, guestTokenHash: js[3]!.guest.tokenHash }),
    ]);
    const all = await entries(item.itemId);
    const held = await t.db.hold.aggregate({ where: { inventoryItemId: item.itemId, status: "ACTIVE" }, _sum: { quantity: true } });
    // Every unit is either offered to an entry still in line, or free for everyone: none is stranded.
    const offered = all.filter((e) => e.status === "OFFERED").length;
    expect(offered).toBeLessThanOrEqual(3);
    expect((held._sum.quantity ?? 0) + (await getStockLevels(deps(clock), { storeId: store.id, variantIds: [item.variantId] }))[0]!.available).toBeLessThanOrEqual(3);
    expect(all[0]!.status).toBe("LAPSED"); // its offer lapsed at the claim's moment: 410
    // Entry 1's offer lapsed at this moment too: its leave races the sweep, and either may end it
    // first (left: CANCELLED; swept: LAPSED, and the leave then finds no live entry). Both are right.
    expect(["CANCELLED", "LAPSED"]).toContain(all[1]!.status);
    expect(all[3]!.status).toBe("CANCELLED");
    expect([all[2]!.status, all[4]!.status]).toEqual(["LAPSED", "OFFERED"]);
    await expectOffersSound(item.itemId);
    const cart = await getCartView(deps(clock), newGuest(store.id));
    expect(cart.lines).toEqual([]);
  });
});
