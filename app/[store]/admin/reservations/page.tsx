import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { ReservationsPanel } from "@/components/admin/reservations-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Reservations" };

export default async function ReservationsPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/reservations`);
  return (
    <>
      <PageHeader title="Reservations" description="Units held for shoppers' carts and for orders awaiting payment, soonest to expire first." />
      <ReservationsPanel store={store} />
    </>
  );
}
