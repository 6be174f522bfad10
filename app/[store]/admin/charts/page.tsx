import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { ChartsPanel } from "@/components/admin/charts-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Charts" };

export default async function ChartsPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/charts`);
  return (
    <>
      <PageHeader title="Charts" description="How holds turn into sales or lapse, and how the stock of low items moves, from the stock ledger." />
      <ChartsPanel store={store} />
    </>
  );
}
