import { InventoryTable } from "@/components/admin/inventory-table";
import { listInventory } from "@/lib/admin/list-inventory";
import { INVENTORY_PAGE_SIZE } from "@/lib/api-client/admin";
import { getDb } from "@/lib/db";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "inventory",
  { title: "Inventory", description: "Stock on hand, units held in carts and unpaid orders, and what shoppers can still buy. Updates live." },
  async ({ slug, store }) => {
    const now = new Date();
    const firstPage = await listInventory({ db: getDb(), now }, { storeId: store.id, limit: INVENTORY_PAGE_SIZE });
    return <InventoryTable store={slug} firstPage={{ ...firstPage, asOf: now.getTime() }} />;
  },
);
export { metadata };
export default Page;
