import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { HealthPanel } from "@/components/admin/health-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Health" };

export default async function HealthPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/health`);
  return (
    <>
      <PageHeader title="Health" description="Is everything in order? The score, the checks behind it, and the background jobs." />
      <HealthPanel store={store} />
    </>
  );
}
