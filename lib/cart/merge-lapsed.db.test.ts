// Merging at sign-in never folds live units into a lapsed hold, nor revives a lapsed one.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { mergeGuestCart } from "@/lib/cart/merge-guest-cart";
import { getStockLevels } from "@/lib/inventory/availability";
import { assertInvariants, createTestProduct, createTestStore, createTestUser, itemCounters, newGuest } from "@/lib/testing/cart-fixtures";

const t = testDbForFile();
const T0 = new Date("2026-11-21T12:00:00.000Z");
const at = (seconds: number) => ({ db: t.db, now: new Date(T0.getTime() + seconds * 1000) });


describe("merging with lapsed holds", () => {
  it("a live guest hold merged with the account's lapsed hold stays live", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...me, variantId: p.variantId, mode: "add", quantity: 2 }); // lapses at 60 s
    await setCartLine(at(100), { ...g, variantId: p.variantId, mode: "add", quantity: 3 }); // live until 160 s

    await mergeGuestCart(at(110), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id });

    const cart = await getCartView(at(120), me);
    // The guest's 3 live units are still held for the shopper; the account's lapsed 2 were given back.
    expect(cart.lines).toEqual([expect.objectContaining({ variantId: p.variantId, quantity: 5, held: 3 })]);
    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 10, reserved: 3 });
    const [level] = await getStockLevels(at(120), { storeId: s.id, variantIds: [p.variantId] });
    expect(level?.available).toBe(7);
    await assertInvariants(t.db);
  });

  it("a lapsed guest hold is not revived by moving it into the account's cart", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 60 });
    const p = await createTestProduct(t.db, { storeId: s.id, stock: 4 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    const other = await createTestProduct(t.db, { storeId: s.id, stock: 4 });
    await setCartLine(at(100), { ...me, variantId: other.variantId, mode: "add", quantity: 1 }); // the account has a cart
    await setCartLine(at(0), { ...g, variantId: p.variantId, mode: "add", quantity: 4 }); // lapses at 60 s

    await mergeGuestCart(at(120), { storeId: s.id, tokenHash: g.tokenHash, userId: user.id });

    expect(await itemCounters(t.db, p.itemId)).toEqual({ stock: 4, reserved: 0 });
    const cart = await getCartView(at(120), me);
    const line = cart.lines.find((l) => l.variantId === p.variantId);
    expect(line).toMatchObject({ quantity: 4, held: 0 });
    expect(cart.issues).toEqual([expect.objectContaining({ variantId: p.variantId, code: "HOLD_EXPIRED" })]);
    await assertInvariants(t.db);
  });
});
