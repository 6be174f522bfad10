// PATCH admin/inventory/{sku} { stock? | adjust?, lowStockThreshold?, expectedStock?, reason } → { item }
// 409 STOCK_CHANGED { stock } when expectedStock is given and the stock is no longer that.
// 409 STOCK_BELOW_RESERVED under what is held; 403 for a supplier's stock this store only lists.
import { adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { adjustStockInputSchema, skuSchema } from "@/lib/inventory/schemas";
import { adjustStock } from "@/lib/inventory/adjust-stock";

export const PATCH = adminWriteRoute<{ store: string; sku: string }>(
  async ({ admin: { store, actor }, deps, params, json }) => {
    const sku = parseWith(skuSchema, params.sku);
    const change = parseWith(adjustStockInputSchema, json());
    return { status: 200, body: { item: await adjustStock(deps, { storeId: store.id, sku, ...change, actor }) } };
  },
  { maxBytes: 16 * 1024 },
);
