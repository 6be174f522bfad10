// The shopper's cart as API.md shows it: lines, live holds, and the issues to fix before checkout,
// read in one query (no cart yet: an empty cart with id null).
import type { Db } from "@/lib/db";
import { availableUnits, isSellable } from "@/lib/inventory/availability";
import { describeCartLine } from "@/lib/cart/describe-cart-line";
import type { CartIssue, CartLine, CartView } from "@/lib/cart/schemas";

export type CartOwner = { storeId: string; userId: string | null; tokenHash: string | null };

type Row = {
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
};

export async function getCartView(deps: { db: Db; now: Date }, owner: CartOwner): Promise<CartView> {
  const now = deps.now.toISOString();
  // The cart: the signed-in user's, else the guest token's (each branch hits its own index).
  const rows = await deps.db.$queryRaw<Row[]>`
    WITH cart AS (
      SELECT c.id, c."extensionsUsed" FROM "Cart" c
      WHERE c."storeId" = ${owner.storeId} AND c."userId" = ${owner.userId}::text AND c.status = 'ACTIVE'
      UNION ALL
      SELECT c.id, c."extensionsUsed" FROM "Cart" c
      WHERE ${owner.userId}::text IS NULL AND c."tokenHash" = ${owner.tokenHash}::text AND c."storeId" = ${owner.storeId}
        AND c.status = 'ACTIVE' AND c."userId" IS NULL
    )
    SELECT s.slug, s.currency, s."maxHoldExtensions", c.id AS "cartId", c."extensionsUsed",
      l."variantId", l.quantity, p.title AS "productTitle", v.title AS "variantTitle", v."priceCents",
      p.status::text AS status, p."releaseAt", p."endsAt", i.stock, i.reserved, COALESCE(lp.units, 0)::int AS lapsed,
      h.quantity AS "holdQty", h."expiresAt" AS "holdExpiresAt"
    FROM "Store" s
    LEFT JOIN cart c ON true
    LEFT JOIN "CartLine" l ON l."cartId" = c.id
    LEFT JOIN "Variant" v ON v.id = l."variantId"
    LEFT JOIN "Product" p ON p.id = v."productId"
    LEFT JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    LEFT JOIN "Hold" h ON h."cartId" = c.id AND h."variantId" = l."variantId" AND h.status = 'ACTIVE' AND h."orderId" IS NULL
    LEFT JOIN LATERAL (
      SELECT sum(x.quantity) AS units FROM "Hold" x
      WHERE x."inventoryItemId" = i.id AND x.status = 'ACTIVE' AND x."expiresAt" <= ${now}::timestamp(3) AND x."orderId" IS NULL
    ) lp ON i.id IS NOT NULL
    WHERE s.id = ${owner.storeId}
    ORDER BY l."createdAt", l.id`;
  const first = rows[0];
  if (!first) throw new Error(`getCartView: store ${owner.storeId} does not exist`);

  const lines: CartLine[] = [];
  const issues: CartIssue[] = [];
  let subtotalCents = 0;
  let expiresAt: Date | null = null;
  for (const r of rows) {
    if (r.variantId === null || r.quantity === null) continue;
    const live = r.holdQty !== null && r.holdExpiresAt !== null && r.holdExpiresAt.getTime() > deps.now.getTime();
    const held = live ? (r.holdQty ?? 0) : 0;
    const product = { productStatus: r.status ?? "", releaseAt: r.releaseAt, endsAt: r.endsAt, now: deps.now };
    const outcome = describeCartLine({
      quantity: r.quantity,
      held,
      free: availableUnits({ stock: r.stock ?? 0, reserved: r.reserved ?? 0, lapsed: r.lapsed ?? 0 }),
      sellable: isSellable(product),
      notReleased: r.status === "ACTIVE" && r.releaseAt !== null && r.releaseAt.getTime() > deps.now.getTime(),
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
