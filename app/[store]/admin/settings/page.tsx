import type { Metadata } from "next";
import { ApiTokensPanel } from "@/components/admin/api-tokens-panel";
import { PageHeader } from "@/components/admin/admin-ui";
import { SettingsForm } from "@/components/admin/settings-form";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  await requireStoreAdminPage(store, `/${store}/admin/settings`);
  return (
    <>
      <PageHeader title="Settings" description="How long holds and payments last, when stock counts as low, and who may call the admin API." />
      <div className="space-y-6">
        <SettingsForm store={store} />
        <ApiTokensPanel store={store} />
      </div>
    </>
  );
}
