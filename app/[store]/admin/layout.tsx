import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { requireStoreAdminPage } from "./_lib/require-store-admin-page";
import { signOutAction } from "../actions";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Dashboard · Holdfast" }, robots: { index: false } };

export default async function AdminLayout({ children, params }: { children: ReactNode; params: Promise<{ store: string }> }) {
  const { store: slug } = await params;
  const access = await requireStoreAdminPage(slug);
  return (
    <AdminShell store={{ slug: access.store.slug, name: access.store.name }} actorLabel={access.actor.label} signOutAction={signOutAction}>
      {children}
    </AdminShell>
  );
}
