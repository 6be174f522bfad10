// GET admin/inventory.csv → the inventory as a CSV attachment (spreadsheet-safe cells).
import { exportInventoryCsv } from "@/lib/admin/export-inventory-csv";
import { adminRoute } from "@/lib/http/admin-route";

export const GET = adminRoute(async ({ admin: { store }, deps }) => {
  const csv = await exportInventoryCsv(deps, { storeId: store.id });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${store.slug}-inventory.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
