// A guest keeps seeing the orders they placed after shopping on with the same cookie (whose old,
// checked-out cart is detached from it on the next cart write).
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { getOrderForViewer } from "@/lib/orders/get-order";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { findActiveCartId } from "@/lib/cart/find-cart-id";
import { checkout, fillCart, newGuest, seedShop, TestClock } from "@/lib/testing/order-fixtures";

const t = testDbForFile();

describe("a guest's orders", () => {
  it("stay visible to the placing cookie after it starts a new cart, and to no other cookie", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5, 5] });
    const guest = await fillCart(t, clock, store.id, [{ variantId: items[0]!.variantId, quantity: 1 }]);
    const { order } = await checkout(t, clock, guest);
    const { cartId: oldCartId } = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, select: { cartId: true } });

    // Shopping on with the same cookie detaches the checked-out cart and opens a fresh one.
    await setCartLine({ db: t.db, now: clock.now }, { ...guest, variantId: items[1]!.variantId, mode: "add", quantity: 1 });
    const newCartId = await findActiveCartId({ db: t.db }, guest);
    expect(newCartId).not.toBe(oldCartId);
    expect((await t.db.cart.findUniqueOrThrow({ where: { id: oldCartId! }, select: { tokenHash: true } })).tokenHash).toBeNull();

    const no = async () => false;
    const view = await getOrderForViewer({ db: t.db }, { storeId: store.id, orderId: order.id, viewer: { userId: null, tokenHash: guest.tokenHash, isAdmin: no } });
    expect(view.id).toBe(order.id);
    const stranger = newGuest(store.id);
    await expect(
      getOrderForViewer({ db: t.db }, { storeId: store.id, orderId: order.id, viewer: { userId: null, tokenHash: stranger.tokenHash, isAdmin: no } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
