// The stock route's response, built from levels the page already loaded: the live badges' first paint.
import type { ProductCard, StockLevelsResponse } from "@/lib/catalog/schemas";

export function stockSnapshot(products: Pick<ProductCard, "variants">[], now: Date): StockLevelsResponse {
  return {
    items: products.flatMap((p) => p.variants.map((v) => ({ variantId: v.id, available: v.available, state: v.state }))),
    asOf: now.toISOString(),
  };
}
