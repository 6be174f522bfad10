import Link from "next/link";
import type { ProductCard as ProductCardData } from "@/lib/api-client/contract";
import { ProductPrice } from "./price";
import { ProductImage } from "./product-image";
import { StockBadge } from "./stock-badge";

/** A product in the grid: an article named by its heading; the whole card is one link. */
export function ProductCard({
  store,
  product,
  currency,
  priority = false,
}: {
  store: string;
  product: ProductCardData;
  currency: string;
  priority?: boolean;
}) {
  const headingId = `product-${product.id}`;
  return (
    <article
      aria-labelledby={headingId}
      className="group relative flex flex-col rounded-2xl has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-4 has-[a:focus-visible]:outline-brand-600"
    >
      <ProductImage
        src={product.imageUrl}
        alt=""
        priority={priority}
        className="rounded-2xl ring-1 ring-slate-900/5 transition group-hover:ring-slate-900/15 [&_img]:transition-transform [&_img]:duration-300 group-hover:[&_img]:scale-[1.02]"
      />
      <div className="mt-3 flex flex-col gap-1 sm:mt-4 sm:flex-row sm:items-start sm:justify-between sm:gap-3">
        <h2 id={headingId} className="text-sm font-medium leading-snug text-ink sm:text-base">
          <Link
            href={`/${store}/products/${product.slug}`}
            className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none"
          >
            {product.title}
          </Link>
        </h2>
        <ProductPrice
          prices={product.variants.map((v) => v.priceCents)}
          currency={currency}
          className="shrink-0 text-sm font-semibold text-ink sm:text-base"
        />
      </div>
      <div className="mt-2">
        <StockBadge variantIds={product.variants.map((v) => v.id)} releaseAt={product.releaseAt} />
      </div>
    </article>
  );
}
