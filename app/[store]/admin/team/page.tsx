import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { TeamPanel } from "@/components/admin/team-panel";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  const { actor } = await requireStoreAdminPage(store, `/${store}/admin/team`);
  return (
    <>
      <PageHeader title="Team" description="The people who run this store. Add someone who already has an account, by their email." />
      <TeamPanel store={store} me={actor.id} />
    </>
  );
}
