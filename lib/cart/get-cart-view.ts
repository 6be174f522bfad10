// The shopper's cart as API.md shows it: lines, live holds, and the issues to fix before checkout,
// read in one query (no cart yet: an empty cart with id null).
import { queryRows, type Db } from "@/lib/db";
import { availableUnits, isSellable } from "@/lib/inventory/availability";
import { describeCartLine } from "@/lib/cart/describe-cart-line";
import type { CartIssue, CartLine, CartView } from "@/lib/cart/schemas";

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
  /** What the line may hold under its limits (per-customer limit, 99 a line); null without a line. */
  allowed: number | null;
  perCustomerLimit: number | null;
};

export async function getCartView(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  // cart_view (prisma/migrations/…_hot_path): the cart's lines with their items, holds and lapsed units.
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
  for (const r of rows) {
    if (r.variantId === null || r.quantity === null) continue;
    const live = r.holdQty !== null && r.holdExpiresAt !== null && r.holdExpiresAt.getTime() > now.getTime();
    const held = live ? (r.holdQty ?? 0) : 0;
    const product = { productStatus: r.status ?? "", releaseAt: r.releaseAt, endsAt: r.endsAt, now };
    const outcome = describeCartLine({
      quantity: r.quantity,
      held,
      free: availableUnits({ stock: r.stock ?? 0, reserved: r.reserved ?? 0, lapsed: r.lapsed ?? 0 }),
      sellable: isSellable(product),
      notReleased: r.status === "ACTIVE" && r.releaseAt !== null && r.releaseAt.getTime() > now.getTime(),
      ...(r.allowed !== null ? { allowed: r.allowed, perCustomerLimit: r.perCustomerLimit } : {}),
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
