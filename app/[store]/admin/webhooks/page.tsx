import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { WebhooksPanel } from "@/components/admin/webhooks-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/webhooks`);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Send stock and order events to your own systems as they happen. Integrations that prefer to pull can read the same events from the admin events feed."
      />
      <WebhooksPanel store={store} />
    </>
  );
}
