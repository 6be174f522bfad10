// "Put these back in my cart": a cancelled (declined, timed-out, cancelled) order's lines go back
// into the shopper's cart, each held as far as stock, limits and release allow right now. What
// cannot be had (or only fewer) is said per line, in plain words, naming the product.
import type { Db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import type { CartOwner } from "@/lib/cart/get-cart-view";
import { getCartView } from "@/lib/cart/get-cart-view";
import type { CartView } from "@/lib/cart/schemas";
import { setCartLine } from "@/lib/cart/set-cart-line";

export type PutBackNote = {
  variantId: string;
  productTitle: string;
  requested: number;
  held: number;
  reason: "FEWER_LEFT" | "SOLD_OUT" | "LIMIT" | "NOT_RELEASED" | "NOT_AVAILABLE";
  message: string;
};

export type PutBackResult = { cart: CartView; notes: PutBackNote[] };

export async function putOrderBackInCart(
  deps: { db: Db; now: Date },
  input: { orderId: string; owner: CartOwner },
): Promise<PutBackResult> {
  const order = await deps.db.order.findFirst({
    where: { id: input.orderId, storeId: input.owner.storeId },
    select: { status: true, lines: { select: { variantId: true, productTitle: true, quantity: true }, orderBy: { id: "asc" } } },
  });
  if (!order) throw new AppError("NOT_FOUND", "Order not found.");
  if (order.status !== "CANCELLED") throw new AppError("CONFLICT", "Only a cancelled or failed order can be put back in the cart.");

  const wanted = new Map<string, { productTitle: string; quantity: number }>();
  for (const l of order.lines) {
    const w = wanted.get(l.variantId);
    wanted.set(l.variantId, { productTitle: l.productTitle, quantity: (w?.quantity ?? 0) + l.quantity });
  }
  const notes: PutBackNote[] = [];
  let cart: CartView | null = null;
  for (const [variantId, { productTitle, quantity }] of wanted) {
    const note = (held: number, reason: PutBackNote["reason"], message: string) =>
      notes.push({ variantId, productTitle, requested: quantity, held, reason, message });
    try {
      cart = await setCartLine(deps, { ...input.owner, variantId, mode: "add", quantity });
    } catch (e) {
      if (!isAppError(e)) throw e;
      const fallback = e.code === "INSUFFICIENT_STOCK" ? Number(e.details?.available ?? 0) : e.code === "LIMIT_EXCEEDED" ? Number(e.details?.limit ?? 0) : 0;
      if (fallback > 0) {
        try {
          cart = await setCartLine(deps, { ...input.owner, variantId, mode: "set", quantity: Math.min(fallback, quantity) });
          const held = Math.min(fallback, quantity);
          if (e.code === "LIMIT_EXCEEDED") note(held, "LIMIT", `${productTitle}: at most ${fallback} per customer, so ${held} of ${quantity} are back in your cart.`);
          else note(held, "FEWER_LEFT", `Only ${fallback} left of ${productTitle} — ${held} of ${quantity} are back in your cart.`);
          continue;
        } catch (again) {
          if (!isAppError(again)) throw again;
        }
      }
      if (e.code === "INSUFFICIENT_STOCK") note(0, "SOLD_OUT", `${productTitle} is sold out now, so it could not go back in your cart.`);
      else if (e.code === "NOT_RELEASED") note(0, "NOT_RELEASED", `${productTitle} is not on sale yet, so it could not go back in your cart.`);
      else if (e.code === "NOT_AVAILABLE" || e.code === "NOT_FOUND") note(0, "NOT_AVAILABLE", `${productTitle} is no longer available.`);
      else if (e.code === "LIMIT_EXCEEDED") note(0, "LIMIT", `${productTitle}: you already have as many as one customer may.`);
      else throw e;
    }
  }
  return { cart: cart ?? (await getCartView(deps, input.owner)), notes };
}
