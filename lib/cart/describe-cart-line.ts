// What a cart line can still get, and the issue the shopper must see when that is less than they
// asked for. Pure: the cart view feeds it rows, unit tests feed it cases.
import { MAX_LINE_QUANTITY, type CartIssueCode } from "@/lib/cart/schemas";

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
  /** What the line may have under its limits (the product's per-customer limit, 99 a line). */
  allowed?: number;
  /** The product's per-customer limit, when it has one (says which limit applies). */
  perCustomerLimit?: number | null;
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
  const canHold = f.held + Math.max(0, f.free);
  // A product's per-customer limit bounds what this shopper could have; the 99 cap only shows when exceeded.
  const capped = f.allowed !== undefined && (f.perCustomerLimit != null || f.quantity > f.allowed);
  const available = capped ? Math.min(canHold, f.allowed!) : canHold;
  if (f.allowed !== undefined && f.quantity > f.allowed && available === f.allowed) {
    // Over a limit (after a sign-in merged two carts, or the limit was lowered): say which.
    const limit =
      f.perCustomerLimit !== null && f.perCustomerLimit !== undefined && f.allowed < MAX_LINE_QUANTITY
        ? `${f.perCustomerLimit} per customer`
        : `${MAX_LINE_QUANTITY} per line`;
    const message =
      f.allowed === 0
        ? `At most ${limit}, and you have reached it — this item will be removed.`
        : `At most ${limit} — your quantity will be reduced to ${f.allowed}.`;
    return { available, issue: { code: "QUANTITY_REDUCED", message } };
  }
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
