import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AddToCart } from "@/components/product/add-to-cart";
import { LiveStock } from "@/components/product/live-stock";
import { NotifyMe } from "@/components/product/notify-me";
import { ProductImage } from "@/components/product/product-image";
import { findProductBySlug } from "@/lib/catalog/get-product-by-slug";
import { getRequestNow, getShop, shopDeps } from "../../_lib/shop";
import { stockSnapshot } from "../../_lib/stock-snapshot";

type Props = { params: Promise<{ store: string; slug: string }> };

async function loadProduct(params: Props["params"]) {
  const { store: slug, slug: productSlug } = await params;
  const store = await getShop(slug);
  const product = await findProductBySlug(shopDeps(), { storeId: store.id, slug: productSlug });
  if (!product) notFound();
  return { store, product };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { store, product } = await loadProduct(params);
  return { title: `${product.title} — ${store.name}`, description: product.description.slice(0, 160) };
}

export default async function ProductPage({ params }: Props) {
  const { store, product } = await loadProduct(params);
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex items-center gap-2 text-slate-600">
          <li>
            <Link href={`/${store.slug}`} className="font-medium hover:text-ink hover:underline">
              All products
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="truncate text-slate-800">
            {product.title}
          </li>
        </ol>
      </nav>
      <div className="mt-6 grid gap-8 md:grid-cols-2 md:gap-12 lg:gap-16">
        <ProductImage src={product.imageUrl} alt={product.title} priority className="rounded-3xl ring-1 ring-slate-900/5" />
        <div className="flex flex-col">
          <h1 className="text-3xl font-semibold tracking-tight text-ink sm:text-4xl">{product.title}</h1>
          <LiveStock
            store={store.slug}
            variantIds={product.variants.map((v) => v.id)}
            initialData={stockSnapshot([product], getRequestNow())}
          >
            <AddToCart
              store={store.slug}
              currency={store.currency}
              releaseAt={product.releaseAt}
              perCustomerLimit={product.perCustomerLimit}
              variants={product.variants.map((v) => ({ id: v.id, title: v.title, priceCents: v.priceCents }))}
            />
            <NotifyMe store={store.slug} perCustomerLimit={product.perCustomerLimit} variants={product.variants.map((v) => ({ id: v.id, title: v.title }))} />
          </LiveStock>
          {product.description && (
            <div className="mt-10 border-t border-slate-200 pt-8">
              <h2 className="text-sm font-semibold text-ink">About this item</h2>
              <p className="mt-3 leading-relaxed text-slate-700">{product.description}</p>
            </div>
          )}
        </div>
      </div>
    </>
  );
}
