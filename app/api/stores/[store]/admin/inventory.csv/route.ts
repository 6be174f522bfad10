// GET admin/inventory.csv → the inventory as a CSV attachment (spreadsheet-safe cells).
import { route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { exportInventoryCsv } from "@/lib/admin/export-inventory-csv";
import { requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const csv = await exportInventoryCsv(requestDeps(), { storeId: store.id });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${store.slug}-inventory.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
