import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { WaitlistPanel } from "@/components/admin/waitlist-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Waitlist" };

export default async function WaitlistPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/waitlist`);
  return (
    <>
      <PageHeader
        title="Waitlist"
        description="Shoppers waiting for sold-out items. Units that come back are offered to the oldest entry first, held for it for the offer time (Settings)."
      />
      <WaitlistPanel store={store} />
    </>
  );
}
