import type { Metadata } from "next";
import Link from "next/link";
import { ProductCard } from "@/components/product/product-card";
import { LiveStock } from "@/components/product/live-stock";
import { buttonClasses } from "@/components/ui/button";
import { listProducts } from "@/lib/catalog/list-products";
import { productsQuerySchema, MAX_STOCK_IDS } from "@/lib/catalog/schemas";
import { getShop, getRequestNow, shopDeps } from "./_lib/shop";
import { stockSnapshot } from "./_lib/stock-snapshot";

const PAGE_SIZE = 24;

type Props = { params: Promise<{ store: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const store = await getShop((await params).store);
  return { title: store.name };
}

export default async function StorePage({ params, searchParams }: Props) {
  const [{ store: slug }, query] = await Promise.all([params, searchParams]);
  const store = await getShop(slug);
  const parsed = productsQuerySchema.safeParse({ cursor: typeof query.cursor === "string" ? query.cursor : undefined });
  const cursor = parsed.success ? (parsed.data.cursor ?? null) : null;
  const { items, nextCursor } = await listProducts(shopDeps(), { storeId: store.id, cursor, limit: PAGE_SIZE });
  // One live query for the page: the stock route takes up to 100 ids, which PAGE_SIZE keeps us under in practice.
  const variantIds = items.flatMap((p) => p.variants.map((v) => v.id)).slice(0, MAX_STOCK_IDS);

  return (
    <>
      <div className="flex flex-col gap-2 border-b border-slate-200 pb-8">
        <h1 className="text-3xl font-semibold tracking-tight wrap-break-word text-ink sm:text-4xl">{store.name}</h1>
        <p className="max-w-2xl text-slate-600">
          Live stock on every item. What you put in your cart is held for you while you shop, so it is still there at checkout.
        </p>
      </div>
      {items.length === 0 ? (
        <p className="py-16 text-center text-slate-600">Nothing on the shelves yet — check back soon.</p>
      ) : (
        <LiveStock store={store.slug} variantIds={variantIds} initialData={stockSnapshot(items, getRequestNow())}>
          <div className="mt-8 grid grid-cols-2 gap-x-4 gap-y-10 sm:mt-10 sm:gap-x-6 sm:gap-y-12 lg:grid-cols-3 xl:grid-cols-4">
            {items.map((product, i) => (
              <ProductCard key={product.id} store={store.slug} product={product} currency={store.currency} priority={i < 4} />
            ))}
          </div>
        </LiveStock>
      )}
      {(cursor || nextCursor) && (
        <nav aria-label="Pages" className="mt-14 flex justify-center gap-3">
          {cursor && (
            <Link href={`/${store.slug}`} className={buttonClasses({ variant: "secondary" })}>
              First page
            </Link>
          )}
          {nextCursor && (
            <Link
              href={`/${store.slug}?cursor=${encodeURIComponent(nextCursor)}`}
              className={buttonClasses({ variant: "secondary" })}
            >
              More products
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
