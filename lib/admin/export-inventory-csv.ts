// The inventory as CSV for spreadsheets and re-import: the first columns match the bulk import
// format (sku,stock,lowStockThreshold), the rest are read-only context.
import type { Deps } from "@/lib/deps";
import { toCsvLine } from "@/lib/admin/csv";
import { listInventory } from "@/lib/admin/list-inventory";

export const INVENTORY_CSV_COLUMNS = [
  "sku",
  "stock",
  "lowStockThreshold",
  "reserved",
  "available",
  "state",
  "owned",
  "productTitle",
  "variantTitle",
] as const;

const PAGE = 500;

/** Every item the store owns or lists, sorted by SKU; a blank lowStockThreshold means the store default. */
export async function exportInventoryCsv(deps: Deps, input: { storeId: string }): Promise<string> {
  const lines = [toCsvLine(INVENTORY_CSV_COLUMNS)];
  let cursor: string | undefined;
  do {
    const page = await listInventory(deps, { storeId: input.storeId, limit: PAGE, cursor });
    for (const i of page.items) {
      lines.push(
        toCsvLine([
          i.sku,
          i.stock,
          i.lowStockThresholdIsDefault ? null : i.lowStockThreshold,
          i.reserved,
          i.available,
          i.state,
          i.owned,
          i.productTitle,
          i.variantTitle,
        ]),
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.join("");
}
