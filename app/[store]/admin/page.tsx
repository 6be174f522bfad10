import { redirect } from "next/navigation";

/** The dashboard opens on the inventory. */
export default async function AdminIndexPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  redirect(`/${store}/admin/inventory`);
}
