import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { InventoryTable } from "@/components/admin/inventory-table";
import { getDb } from "@/lib/db";
import { listInventory } from "@/lib/admin/list-inventory";
import { INVENTORY_PAGE_SIZE } from "@/lib/api-client/admin";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Inventory" };

export default async function InventoryPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  const access = await requireStoreAdminPage(store, `/${store}/admin/inventory`);
  const now = new Date();
  const firstPage = await listInventory({ db: getDb(), now }, { storeId: access.store.id, limit: INVENTORY_PAGE_SIZE });
  return (
    <>
      <PageHeader title="Inventory" description="Stock on hand, units held in carts and unpaid orders, and what shoppers can still buy. Updates live." />
      <InventoryTable store={store} firstPage={{ ...firstPage, asOf: now.getTime() }} />
    </>
  );
}
