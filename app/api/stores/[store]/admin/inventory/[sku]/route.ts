// PATCH admin/inventory/{sku} { stock? | adjust?, lowStockThreshold?, expectedStock?, reason } → { item }
// 409 STOCK_CHANGED { stock } when expectedStock is given and the stock is no longer that.
// 409 STOCK_BELOW_RESERVED under what is held; 403 for a supplier's stock this store only lists.
import { parseWith, route } from "@/lib/http/route";
import { adjustStockInputSchema, skuSchema } from "@/lib/inventory/schemas";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import type { SkuCtx } from "../../_shared/respond";
import { adminWrite } from "../../_shared/write";

const MAX_BODY_BYTES = 16 * 1024;

export const PATCH = route(async (req, { params }: SkuCtx) => {
  const p = await params;
  return adminWrite(
    req,
    p.store,
    async ({ store, actor, json, deps }) => {
      const sku = parseWith(skuSchema, p.sku);
      const change = parseWith(adjustStockInputSchema, json());
      return { status: 200, body: { item: await adjustStock(deps, { storeId: store.id, sku, ...change, actor }) } };
    },
    { maxBytes: MAX_BODY_BYTES },
  );
});
