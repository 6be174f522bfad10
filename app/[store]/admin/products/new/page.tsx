import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { ProductForm } from "@/components/admin/product-form";
import { requireStoreAdminPage } from "../../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  const access = await requireStoreAdminPage(store, `/${store}/admin/products/new`);
  return (
    <>
      <PageHeader title="New product" description="Saved as a draft unless you make it active. Opening stock is written to the stock ledger." />
      <ProductForm mode="create" store={store} currency={access.store.currency} />
    </>
  );
}
