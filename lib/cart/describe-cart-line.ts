// What a cart line can still get, and the issue the shopper must see when that is less than they
// asked for. Pure: the cart view feeds it rows, unit tests feed it cases.
import type { CartIssueCode } from "@/lib/cart/schemas";

export type CartLineFacts = {
  /** What the shopper asked for. */
  quantity: number;
  /** Their live hold on this line (ACTIVE and not lapsed), 0 if none. */
  held: number;
  /** What any other shopper could take now (lapsed holds, theirs included, count as free). */
  free: number;
  /** The product is ACTIVE, released and not ended. */
  sellable: boolean;
  /** Why not sellable, for the message: a drop not released yet vs. gone. */
  notReleased?: boolean;
};

export type CartLineOutcome = {
  /** Units the shopper could have on this line: their hold counts FOR them. */
  available: number;
  issue: { code: CartIssueCode; message: string } | null;
};

export function describeCartLine(f: CartLineFacts): CartLineOutcome {
  if (!f.sellable) {
    const message = f.notReleased ? "This item is not on sale yet — remove it to check out." : "This item is no longer available.";
    return { available: 0, issue: { code: "NOT_AVAILABLE", message } };
  }
  const available = f.held + Math.max(0, f.free);
  if (f.held >= f.quantity) return { available, issue: null };
  if (available <= 0) return { available: 0, issue: { code: "OUT_OF_STOCK", message: "Sold out — this item can no longer be had." } };
  if (available < f.quantity) {
    return {
      available,
      issue: { code: "QUANTITY_REDUCED", message: `Only ${available} left — your quantity will be reduced to ${available}.` },
    };
  }
  return { available, issue: { code: "HOLD_EXPIRED", message: "Your reservation expired — the item can be reserved again." } };
}
