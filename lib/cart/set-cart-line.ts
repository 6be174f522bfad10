// Adds to or sets one cart line and holds exactly its units, and reads the cart back, in one round
// trip (cart_write_line_view: the engine's cart_set_line, all or nothing, then cart_view). A refusal
// changes nothing and becomes an AppError.
import { queryRows, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cartViewFromRows, type CartOwner, type CartViewRow } from "@/lib/cart/get-cart-view";
import { MAX_LINE_QUANTITY, type CartView } from "@/lib/cart/schemas";
import { traceOperation } from "@/lib/observability/trace-operation";
import { reclaimForWaitlist } from "@/lib/waitlist/reclaim-for-waitlist";

export type SetCartLineInput = CartOwner & {
  variantId: string;
  /** "add": adds quantity to the line; "set": the line becomes quantity (0 removes it). */
  mode: "add" | "set";
  quantity: number;
};

/**
 * The add-to-cart route's one statement: (store, user, guest token hash, variant, mode, quantity,
 * line cap, now). The benchmark's database-only ceiling sends this same text.
 */
export const CART_WRITE_SQL = `SELECT * FROM cart_write_line_view($1, $2::text, $3::text, $4, $5, $6::int, $7::int, $8::timestamp(3))`;

type WriteResult = CartViewRow & {
  code: string;
  available: number | null;
  limit_value: number | null;
  release_at: Date | null;
  held: number | null;
};

/** Returns the cart view after the change. */
export async function setCartLine(deps: { db: Db; now: Date }, input: SetCartLineInput): Promise<CartView> {
  const attrs = { "shop.store_id": input.storeId, "shop.sku_count": 1, "shop.variant_id": input.variantId, "shop.mode": input.mode, "shop.quantity": input.quantity };
  return traceOperation("inventory.hold", attrs, () => writeCartLine(deps, input));
}

async function writeCartLine(deps: { db: Db; now: Date }, input: SetCartLineInput): Promise<CartView> {
  if (!input.userId && !input.tokenHash) throw new Error("setCartLine needs a user or a guest token");
  if (!Number.isInteger(input.quantity) || input.quantity < 0 || input.quantity > MAX_LINE_QUANTITY) {
    throw new AppError("INVALID_INPUT", `Quantity must be a whole number from 0 to ${MAX_LINE_QUANTITY}.`);
  }
  const rows = await queryRows<WriteResult>(deps.db, CART_WRITE_SQL, [
    input.storeId,
    input.userId,
    input.tokenHash,
    input.variantId,
    input.mode,
    input.quantity,
    MAX_LINE_QUANTITY,
    deps.now.toISOString(),
  ]);
  const r = rows[0];
  if (!r) throw new Error("cart_write_line returned no row");
  switch (r.code) {
    case "OK":
      return cartViewFromRows(rows, deps.now, input.storeId);
    case "INSUFFICIENT_STOCK": {
      // A refused write is rolled back whole, lapsed holds it reclaimed included: give them to the
      // item's waitlist now, if it has one (docs/waitlist.md). Never to this shopper: they were refused.
      await reclaimForWaitlist(deps, input.variantId);
      // The shopper's own live hold counts for them: they could have it plus what is free.
      const available = (r.held ?? 0) + Math.max(0, r.available ?? 0);
      const message = available === 0 ? "Sorry, this item is sold out." : `Only ${available} left.`;
      throw new AppError("INSUFFICIENT_STOCK", message, { available });
    }
    case "LIMIT_EXCEEDED": {
      const limit = r.limit_value ?? MAX_LINE_QUANTITY;
      throw new AppError("LIMIT_EXCEEDED", `You can have at most ${limit} of this item.`, { limit });
    }
    case "NOT_RELEASED": {
      const releaseAt = r.release_at ? r.release_at.toISOString() : null;
      throw new AppError("NOT_RELEASED", releaseAt ? `This drop opens at ${releaseAt}.` : "This drop is not open yet.", { releaseAt });
    }
    case "NOT_AVAILABLE":
      throw new AppError("NOT_AVAILABLE", "This item is no longer available.");
    case "NOT_FOUND":
      throw new AppError("NOT_FOUND", "Product not found.");
    case "NO_CART":
      // Only without any identity: stale guest tokens are detached by cart_write_line first.
      throw new AppError("CONFLICT", "Your cart could not be found. Please try again.");
    default:
      throw new Error(`cart_write_line answered ${r.code}`);
  }
}
