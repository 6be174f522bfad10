// The admin's waitlist view against a real PostgreSQL: conversion from offer to paid order. Two
// shoppers wait on a sold-out item; lapsed holds free the units and both get offers; one claims,
// checks out and pays, the other lets the offer lapse. listWaitlist shows the paid order on the
// claimer's entry and the summary counts it (the Waitlist page's conversion is paid / offered).
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { seedItem, seedStore } from "@/lib/testing/inventory-fixtures";
import { checkout, counters, expectBooksBalanced, fillCart, makeDeps, newGuest, paymentOf, SANDBOX_TEST_SECRET, TestClock } from "@/lib/testing/order-fixtures";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { handlePaymentWebhook } from "@/lib/payments/handle-payment-webhook";
import { setSandboxOutcome } from "@/lib/payments/sandbox/sandbox-books";
import { signSandboxPayload, SANDBOX_SIGNATURE_HEADER } from "@/lib/payments/sandbox/sandbox-signature";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { claimWaitlistOffer } from "@/lib/waitlist/claim-offer";
import { signClaimToken } from "@/lib/waitlist/claim-token";
import { listWaitlist } from "@/lib/waitlist/list-waitlist";
import { listMovements } from "@/lib/admin/list-movements";

const SECRET = "list-waitlist-test-secret";
const t = testDbForFile({ poolSize: 6 });

describe("listWaitlist: conversion from offer to paid order", () => {
  it("an offer claimed, checked out and paid counts as paid; a lapsed one does not; conversion = paid / offered", async () => {
    const clock = new TestClock();
    const deps = () => ({ db: t.db, now: clock.now });
    const store = await seedStore(t.db, { reservationTtlSeconds: 60, lowStockDefault: 0 });
    await t.db.store.update({ where: { id: store.id }, data: { offerTtlSeconds: 600 } });
    const item = await seedItem(t.db, { storeId: store.id, stock: 2, now: clock.now });
    // Sold out: one guest cart holds both units.
    await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 2 }]);
    const join = (email: string) =>
      joinWaitlist(deps(), { storeId: store.id, variantId: item.variantId, quantity: 1, user: null, email, guestTokenHash: newGuest(store.id).tokenHash });
    const a = await join("a@x.test");
    clock.advance(1);
    const b = await join("b@x.test");
    expect(b).toMatchObject({ status: "WAITING", position: 2 });

    let view = await listWaitlist({ db: t.db }, { storeId: store.id, sku: undefined, limit: 50 });
    expect(view.summary).toEqual({ waiting: 2, waitingUnits: 2, offered: 0, claimed: 0, paid: 0, lapsed: 0 });

    // The cart's holds lapse: the units freed go to the line as offers, one each.
    clock.advance(61);
    await sweepLapsedHolds(deps(), { yieldToOthers: false });
    expect(await counters(t, item.itemId)).toEqual({ stock: 2, reserved: 2 });
    view = await listWaitlist({ db: t.db }, { storeId: store.id, sku: undefined, limit: 50 });
    expect(view.summary).toMatchObject({ waiting: 0, offered: 2, claimed: 0, paid: 0 });

    // a claims into a fresh guest cart, checks out and pays.
    const offerA = (await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: a.id } })).offerHoldId!;
    const claimer = newGuest(store.id);
    const cart = await claimWaitlistOffer(deps(), { owner: claimer, token: signClaimToken(SECRET, a.id, offerA), secret: SECRET });
    expect(cart.lines).toMatchObject([{ variantId: item.variantId, quantity: 1, held: 1 }]);
    view = await listWaitlist({ db: t.db }, { storeId: store.id, sku: undefined, limit: 50 });
    expect(view.summary).toMatchObject({ offered: 2, claimed: 1, paid: 0 });

    const { order } = await checkout(t, clock, claimer);
    expect(order.status).toBe("PENDING_PAYMENT");
    view = await listWaitlist({ db: t.db }, { storeId: store.id, sku: undefined, limit: 50 });
    expect(view.items.find((i) => i.id === a.id)).toMatchObject({ status: "CLAIMED", orderStatus: "PENDING_PAYMENT" });
    expect(view.summary.paid).toBe(0); // an order awaiting payment is not a conversion yet

    clock.advance(10);
    const payment = await paymentOf(t, order.id);
    const { event } = await setSandboxOutcome({ db: t.db, now: clock.now }, { ref: payment.providerRef, outcome: "succeed" });
    const rawBody = JSON.stringify(event!);
    const headers = new Headers({ [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(rawBody, SANDBOX_TEST_SECRET, clock.now) });
    expect((await handlePaymentWebhook(makeDeps(t, clock), { provider: "sandbox", rawBody, headers })).result).toBe("PAID");

    // b never claims: the offer lapses, nobody else waits, the unit returns to everyone.
    clock.advance(601);
    await sweepLapsedHolds(deps(), { yieldToOthers: false });
    expect(await counters(t, item.itemId)).toEqual({ stock: 1, reserved: 0 });

    view = await listWaitlist({ db: t.db }, { storeId: store.id, sku: undefined, limit: 50 });
    expect(view.summary).toEqual({ waiting: 0, waitingUnits: 0, offered: 2, claimed: 1, paid: 1, lapsed: 1 });
    expect(view.items.map((i) => [i.email, i.status, i.orderStatus])).toEqual([
      ["b@x.test", "LAPSED", null],
      ["a@x.test", "CLAIMED", "PAID"],
    ]);
    // The Waitlist page's conversion figure: paid orders per offer made.
    expect(Math.round((view.summary.paid / view.summary.offered) * 100)).toBe(50);
    // Filtered to the paid one's status and by SKU (case-insensitive), the summary still covers the SKU.
    const claimed = await listWaitlist({ db: t.db }, { storeId: store.id, sku: item.sku.toUpperCase(), status: "CLAIMED", limit: 50 });
    expect(claimed.items.map((i) => i.id)).toEqual([a.id]);
    expect(claimed.summary.paid).toBe(1);
    // The activity log (the admin's movements for the SKU) tells the line's story: each offer is a
    // hold by the waitlist, the lapsed one ends as an expiry, the claimed one is sold.
    const activity = await listMovements({ db: t.db }, { storeId: store.id, sku: item.sku, limit: 50 });
    const offers = activity.items.filter((m) => m.reason === "waitlist offer");
    expect(offers).toHaveLength(2);
    for (const m of offers) expect(m).toMatchObject({ kind: "HOLD", reservedDelta: 1, actor: { type: "SYSTEM", label: "waitlist" } });
    const kinds = activity.items.map((m) => m.kind);
    expect(kinds).toContain("SALE");
    expect(kinds.filter((k) => k === "EXPIRE").length).toBeGreaterThanOrEqual(2); // the cart's lapsed holds, then b's lapsed offer
    // Another store sees none of it.
    const other = await seedStore(t.db);
    expect(await listWaitlist({ db: t.db }, { storeId: other.id, sku: undefined, limit: 50 })).toEqual({
      items: [],
      summary: { waiting: 0, waitingUnits: 0, offered: 0, claimed: 0, paid: 0, lapsed: 0 },
    });
    await expectBooksBalanced(t);
  });
});
