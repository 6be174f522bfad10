import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import {
  assertInvariants,
  createTestProduct,
  createTestStore,
  createTestUser,
  itemCounters,
  newGuest,
} from "@/lib/testing/cart-fixtures";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { mergeGuestCarts } from "@/lib/users/merge-guest-carts";

let t: TestDb;
const now = new Date("2026-11-22T10:00:00.000Z");

describe("mergeGuestCarts", () => {
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("moves each store's guest cart into the account, holds and all, and clears those cookies only", async () => {
    const deps = { db: t.db, now };
    const a = await createTestStore(t.db);
    const b = await createTestStore(t.db);
    const pa = await createTestProduct(t.db, { storeId: a.id, stock: 5 });
    const pb = await createTestProduct(t.db, { storeId: b.id, stock: 5 });
    const user = await createTestUser(t.db);
    // The account already has 1 of pa in store a; the guest adds 2 more there and 3 in store b.
    await setCartLine(deps, {
      storeId: a.id,
      userId: user.id,
      tokenHash: null,
      variantId: pa.variantId,
      mode: "add",
      quantity: 1,
    });
    const ga = newGuest(a.id);
    const gb = newGuest(b.id);
    await setCartLine(deps, { ...ga, variantId: pa.variantId, mode: "add", quantity: 2 });
    await setCartLine(deps, { ...gb, variantId: pb.variantId, mode: "add", quantity: 3 });
    const before = [await itemCounters(t.db, pa.itemId), await itemCounters(t.db, pb.itemId)];

    const result = await mergeGuestCarts(deps, {
      userId: user.id,
      cookies: [
        { name: `cart_${a.slug}`, value: ga.token },
        { name: `cart_${b.slug}`, value: gb.token },
        { name: "cart_unknown-store", value: newGuest(a.id).token },
        { name: "cart_garbage", value: "not-a-token" },
        { name: "authjs.session-token", value: "x" },
      ],
    });
    expect(result.failed).toEqual([]);
    expect(result.merged.sort()).toEqual([a.slug, b.slug].sort());
    expect(result.clear.sort()).toEqual([`cart_${a.slug}`, `cart_${b.slug}`, "cart_garbage", "cart_unknown-store"].sort());

    // reserved did not move; the account's carts now hold the units.
    expect([await itemCounters(t.db, pa.itemId), await itemCounters(t.db, pb.itemId)]).toEqual(before);
    const lines = await t.db.cartLine.findMany({
      where: { cart: { userId: user.id, status: "ACTIVE" } },
      select: { variantId: true, quantity: true },
    });
    expect(Object.fromEntries(lines.map((l) => [l.variantId, l.quantity]))).toEqual({ [pa.variantId]: 3, [pb.variantId]: 3 });
    const held = await t.db.hold.groupBy({
      by: ["variantId"],
      where: { status: "ACTIVE", cart: { userId: user.id } },
      _sum: { quantity: true },
    });
    expect(Object.fromEntries(held.map((h) => [h.variantId, h._sum.quantity]))).toEqual({ [pa.variantId]: 3, [pb.variantId]: 3 });
    await assertInvariants(t.db);

    // Signing in again with the same (now merged) cookies changes nothing.
    await mergeGuestCarts(deps, { userId: user.id, cookies: [{ name: `cart_${a.slug}`, value: ga.token }] });
    expect(await itemCounters(t.db, pa.itemId)).toEqual(before[0]);
    await assertInvariants(t.db);
  });
});
