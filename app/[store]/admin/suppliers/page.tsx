import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { SuppliersPanel } from "@/components/admin/suppliers-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Suppliers and resellers" };

export default async function SuppliersPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  const access = await requireStoreAdminPage(store, `/${store}/admin/suppliers`);
  return (
    <>
      <PageHeader title="Suppliers and resellers" description="Stores that sell your items from your stock, and stores whose items you sell from theirs." />
      <SuppliersPanel store={store} currency={access.store.currency} />
    </>
  );
}
