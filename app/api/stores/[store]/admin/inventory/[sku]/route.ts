// PATCH admin/inventory/{sku} { stock? | adjust?, lowStockThreshold?, reason } → { item }
// 409 STOCK_BELOW_RESERVED under what is held; 403 for a supplier's stock this store only lists.
import { parseWith, readJson, route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { adjustStockInputSchema, skuSchema } from "@/lib/inventory/schemas";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { adminJson, requestDeps, type SkuCtx } from "../../_shared/respond";

const MAX_BODY_BYTES = 16 * 1024;

export const PATCH = route(async (req, { params }: SkuCtx) => {
  const p = await params;
  const { store, actor } = await authorizeStoreAdmin(req, p.store);
  const sku = parseWith(skuSchema, p.sku);
  const change = parseWith(adjustStockInputSchema, await readJson(req, MAX_BODY_BYTES));
  const item = await adjustStock(requestDeps(), { storeId: store.id, sku, ...change, actor });
  return adminJson({ item });
});
