// The shopper's active cart in a store: the signed-in user's, else the guest cookie's (null: none).
import type { Db } from "@/lib/db";
import type { CartOwner } from "@/lib/cart/get-cart-view";

export async function findActiveCartId(deps: { db: Db }, owner: CartOwner): Promise<string | null> {
  if (owner.userId) {
    const cart = await deps.db.cart.findFirst({
      where: { storeId: owner.storeId, userId: owner.userId, status: "ACTIVE" },
      select: { id: true },
    });
    return cart?.id ?? null;
  }
  if (owner.tokenHash) {
    const cart = await deps.db.cart.findFirst({
      where: { storeId: owner.storeId, tokenHash: owner.tokenHash, userId: null, status: "ACTIVE" },
      select: { id: true },
    });
    return cart?.id ?? null;
  }
  return null;
}
