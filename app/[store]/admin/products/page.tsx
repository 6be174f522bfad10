import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/admin-ui";
import { ProductsPanel } from "@/components/admin/products-panel";
import { buttonClasses } from "@/components/ui/button";
import { requireStoreAdminPage } from "../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ params }: { params: Promise<{ store: string }> }) {
  const { store } = await params;
  const access = await requireStoreAdminPage(store, `/${store}/admin/products`);
  return (
    <>
      <PageHeader
        title="Products"
        description="What the shop sells: drafts only you see, active products on sale (or dropping later), archived ones kept for their orders."
        actions={
          <Link href={`/${store}/admin/products/new`} className={buttonClasses({ size: "md" })}>
            New product
          </Link>
        }
      />
      <ProductsPanel store={store} currency={access.store.currency} />
    </>
  );
}
