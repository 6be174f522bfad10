// The shopper's cart as API.md shows it: lines, live holds, and the issues to fix before checkout,
// read in one query (no cart yet: an empty cart with id null).
import { queryRows, type Db } from "@/lib/db";
import { availableUnits, isSellable } from "@/lib/inventory/availability";
import { describeCartLine } from "@/lib/cart/describe-cart-line";
import { MAX_LINE_QUANTITY, type CartIssue, type CartLine, type CartView } from "@/lib/cart/schemas";

export type CartOwner = { storeId: string; userId: string | null; tokenHash: string | null };

export type CartViewRow = {
  slug: string;
  currency: string;
  maxHoldExtensions: number;
  cartId: string | null;
  extensionsUsed: number | null;
  variantId: string | null;
  quantity: number | null;
  productTitle: string | null;
  variantTitle: string | null;
  priceCents: number | null;
  status: string | null;
  releaseAt: Date | null;
  endsAt: Date | null;
  stock: number | null;
  reserved: number | null;
  lapsed: number | null;
  holdQty: number | null;
  holdExpiresAt: Date | null;
  productId: string | null;
  perCustomerLimit: number | null;
  /** A limited product, signed in: the units of it in the shopper's live (not cancelled) orders. */
  orderedUnits: number | null;
};

export async function getCartView(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  // cart_view (prisma/sql/cart/cart-view.sql): the cart's lines with their items, holds and lapsed units.
  const rows = await queryRows<CartViewRow>(deps.db, `SELECT * FROM cart_view($1, $2::text, $3::text, $4::timestamp(3))`, [
    owner.storeId,
    owner.userId,
    owner.tokenHash,
    deps.now.toISOString(),
  ]);
  return cartViewFromRows(rows, deps.now, owner.storeId);
}

/** The cart as API.md shows it, from cart_view's rows (also what cart_write_line_view returns). */
export function cartViewFromRows(rows: readonly CartViewRow[], now: Date, storeId: string): CartView {
  const first = rows[0];
  if (!first) throw new Error(`cart view: store ${storeId} does not exist`);

  const lines: CartLine[] = [];
  const issues: CartIssue[] = [];
  let subtotalCents = 0;
  let expiresAt: Date | null = null;
  // Units of each limited product asked for by the lines before this one (rows come in line order).
  const earlier = new Map<string, number>();
  for (const r of rows) {
    if (r.variantId === null || r.quantity === null) continue;
    const allowed = lineAllowance(r, earlier.get(r.productId ?? "") ?? 0);
    if (r.productId !== null) earlier.set(r.productId, (earlier.get(r.productId) ?? 0) + r.quantity);
    const live = r.holdQty !== null && r.holdExpiresAt !== null && r.holdExpiresAt.getTime() > now.getTime();
    const held = live ? (r.holdQty ?? 0) : 0;
    const product = { productStatus: r.status ?? "", releaseAt: r.releaseAt, endsAt: r.endsAt, now };
    const outcome = describeCartLine({
      quantity: r.quantity,
      held,
      free: availableUnits({ stock: r.stock ?? 0, reserved: r.reserved ?? 0, lapsed: r.lapsed ?? 0 }),
      sellable: isSellable(product),
      notReleased: r.status === "ACTIVE" && r.releaseAt !== null && r.releaseAt.getTime() > now.getTime(),
      allowed,
      perCustomerLimit: r.perCustomerLimit,
    });
    const priceCents = r.priceCents ?? 0;
    lines.push({
      variantId: r.variantId,
      productTitle: r.productTitle ?? "",
      variantTitle: r.variantTitle ?? "",
      unitPriceCents: priceCents,
      quantity: r.quantity,
      held,
      holdExpiresAt: live && r.holdExpiresAt ? r.holdExpiresAt.toISOString() : null,
      available: outcome.available,
    });
    if (outcome.issue) {
      issues.push({ variantId: r.variantId, ...outcome.issue, requested: r.quantity, available: outcome.available });
    }
    subtotalCents += priceCents * r.quantity;
    if (live && r.holdExpiresAt && (!expiresAt || r.holdExpiresAt < expiresAt)) expiresAt = r.holdExpiresAt;
  }
  return {
    id: first.cartId,
    store: first.slug,
    lines,
    issues,
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
    extensionsLeft: Math.max(0, first.maxHoldExtensions - (first.extensionsUsed ?? 0)),
    subtotalCents,
    currency: first.currency,
  };
}

/**
 * What a line may have under its limits, as the engine's cart_line_allowances works it out (the
 * merge, the fix and checkout use that; lib/cart/cart-paths.db.test.ts shows the two agree): at most
 * MAX_LINE_QUANTITY, and for a limited product its limit less the shopper's live orders of it and
 * less what the cart's earlier lines of the same product ask for.
 */
export function lineAllowance(r: Pick<CartViewRow, "perCustomerLimit" | "orderedUnits">, earlierUnits: number): number {
  if (r.perCustomerLimit === null) return MAX_LINE_QUANTITY;
  return Math.min(MAX_LINE_QUANTITY, Math.max(0, r.perCustomerLimit - (r.orderedUnits ?? 0) - earlierUnits));
}
