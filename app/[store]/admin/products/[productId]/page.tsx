import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/admin/admin-ui";
import { ProductForm } from "@/components/admin/product-form";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getAdminProduct } from "@/lib/catalog/admin/products";
import { catalogIdSchema } from "@/lib/catalog/admin/schemas";
import { requireStoreAdminPage } from "../../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params, searchParams }: { params: Promise<{ store: string; productId: string }>; searchParams: Promise<{ created?: string }> }) {
  const { store, productId: rawId } = await params;
  const access = await requireStoreAdminPage(store, `/${store}/admin/products/${encodeURIComponent(rawId)}`);
  const productId = catalogIdSchema.safeParse(rawId);
  if (!productId.success) notFound();
  const product = await getAdminProduct({ db: getDb(), now: new Date() }, { storeId: access.store.id, productId: productId.data }).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const created = (await searchParams).created === "1";
  return (
    <>
      <PageHeader title={product.title} description={`/${store}/products/${product.slug}`} />
      <ProductForm mode="edit" store={store} currency={access.store.currency} product={product} notice={created ? "Product created." : undefined} />
    </>
  );
}
