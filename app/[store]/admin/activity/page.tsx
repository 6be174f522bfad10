import type { Metadata } from "next";
import { ActivityLog } from "@/components/admin/activity-log";
import { PageHeader } from "@/components/admin/admin-ui";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ params, searchParams }: { params: Promise<{ store: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ store }, sp] = await Promise.all([params, searchParams]);
  await requireStoreAdminPage(store, `/${store}/admin/activity`);
  const sku = typeof sp.sku === "string" ? sp.sku.slice(0, 100) : "";
  return (
    <>
      <PageHeader title="Activity" description="The stock ledger: every change to stock and holds, with who made it, when and why." />
      <ActivityLog store={store} initialSku={sku} />
    </>
  );
}
