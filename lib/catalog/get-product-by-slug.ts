// One product for its page: on sale, coming soon, or gone (ended / archived: shown unavailable, so
// old links still explain themselves); drafts are never shown.
import type { Db } from "@/lib/db";
import { getStockLevels } from "@/lib/inventory/availability";
import { productCardSelect, toProductCard } from "@/lib/catalog/list-products";
import type { ProductDetail } from "@/lib/catalog/schemas";

/** The product, or null when the store has no such (visible) product. */
export async function findProductBySlug(
  deps: { db: Db; now: Date },
  input: { storeId: string; slug: string },
): Promise<ProductDetail | null> {
  const p = await deps.db.product.findFirst({
    where: { storeId: input.storeId, slug: input.slug, status: { in: ["ACTIVE", "ARCHIVED"] } },
    select: { ...productCardSelect, description: true },
  });
  if (!p) return null;
  const levels = await getStockLevels(deps, { storeId: input.storeId, variantIds: p.variants.map((v) => v.id) });
  return { ...toProductCard(p, new Map(levels.map((l) => [l.variantId, l]))), description: p.description };
}
