import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { OrdersPanel } from "@/components/admin/orders-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/orders`);
  return (
    <>
      <PageHeader title="Orders" description="Payments due and their deadlines; recent sales and cancellations with their reasons." />
      <OrdersPanel store={store} />
    </>
  );
}
