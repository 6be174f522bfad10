"use client";
// The store's products: filtered by status and searched on the server, paged by cursor ("Load
// more"); each title opens its form. Prices in the store's currency; a drop shows its window.
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/components/ui/format";
import { Input, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { productsQuery, type AdminProduct, type ProductStatus } from "@/lib/api-client/catalog-admin";
import { EmptyState, LoadingRows, QueryError, tableClasses } from "./admin-ui";
import { formatDateTime } from "./format";
import { ProductStatusBadge } from "./product-status";
import { useDebouncedValue } from "./use-debounced-value";

const FILTERS: { label: string; status: ProductStatus | null }[] = [
  { label: "All", status: null },
  { label: "Active", status: "ACTIVE" },
  { label: "Draft", status: "DRAFT" },
  { label: "Archived", status: "ARCHIVED" },
];

const EMPTY: AdminProduct[] = [];

function priceRange(p: AdminProduct, currency: string): string {
  const prices = p.variants.filter((v) => !v.archived).map((v) => v.priceCents);
  if (prices.length === 0) return "—";
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  return lo === hi ? formatMoney(lo, currency) : `${formatMoney(lo, currency)} – ${formatMoney(hi, currency)}`;
}

function dropText(p: AdminProduct, now: number): string | null {
  if (p.releaseAt && Date.parse(p.releaseAt) > now) return `Drops ${formatDateTime(p.releaseAt)}`;
  if (p.endsAt && Date.parse(p.endsAt) <= now) return `Ended ${formatDateTime(p.endsAt)}`;
  if (p.endsAt) return `Ends ${formatDateTime(p.endsAt)}`;
  return null;
}

export function ProductsPanel({ store, currency }: { store: string; currency: string }) {
  const [status, setStatus] = useState<ProductStatus | null>(null);
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search, 250);
  const query = useInfiniteQuery(productsQuery(store, { status, q: q.trim() }));
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? EMPTY, [query.data]);
  const [now] = useState(() => Date.now());

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:flex-row sm:items-center">
        <div role="group" aria-label="Filter by status" className="inline-flex self-start rounded-lg bg-slate-100 p-1">
          {FILTERS.map((f) => (
            <button
              key={f.label}
              type="button"
              aria-pressed={status === f.status}
              onClick={() => setStatus(f.status)}
              className={cn(
                "h-8 whitespace-nowrap rounded-md px-3 text-sm font-medium transition-colors",
                status === f.status ? "bg-white text-ink shadow-sm ring-1 ring-slate-200" : "text-slate-700 hover:text-ink",
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
        <Label htmlFor="products-search" className="sr-only">
          Search
        </Label>
        <div className="relative w-full sm:w-72">
          <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-500">
            <path strokeLinecap="round" d="m21 21-4.3-4.3M17 10.5a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z" />
          </svg>
          <Input id="products-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Title, slug or SKU" className="h-9 pl-9" autoComplete="off" />
        </div>
        {query.isFetching && !query.isFetchingNextPage && !query.isPending && <Spinner />}
      </div>

      <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
        {query.isPending ? (
          <LoadingRows label="Loading products…" />
        ) : query.isError && rows.length === 0 ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <>
            <div className={tableClasses.wrap}>
              <table className={tableClasses.table}>
                <caption className="sr-only">Products{status ? `, ${status.toLowerCase()} only` : ""}</caption>
                <thead className={tableClasses.thead}>
                  <tr>
                    <th scope="col" className={tableClasses.th}>Title</th>
                    <th scope="col" className={tableClasses.th}>Status</th>
                    <th scope="col" className={tableClasses.th}>Price</th>
                    <th scope="col" className={tableClasses.thNum}>Variants</th>
                    <th scope="col" className={tableClasses.thNum}>Available</th>
                    <th scope="col" className={tableClasses.th}>Drop</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => {
                    const live = p.variants.filter((v) => !v.archived);
                    const drop = dropText(p, now);
                    return (
                      <tr key={p.id} className={tableClasses.tr}>
                        <td className={tableClasses.td}>
                          <div className="flex min-w-56 items-center gap-3">
                            <div className="grid size-10 shrink-0 place-items-center overflow-hidden rounded-md border border-slate-200 bg-slate-50">
                              {p.imageUrl?.startsWith("/") ? (
                                // eslint-disable-next-line @next/next/no-img-element -- small thumbnail of a bundled image
                                <img src={p.imageUrl} alt="" className="size-full object-cover" />
                              ) : (
                                <span aria-hidden="true" className="text-xs font-semibold text-slate-500">
                                  {p.title.slice(0, 1).toUpperCase()}
                                </span>
                              )}
                            </div>
                            <div className="min-w-0">
                              <Link href={`/${store}/admin/products/${p.id}`} className="font-medium text-ink underline-offset-2 hover:underline">
                                {p.title}
                              </Link>
                              <div className="truncate font-mono text-xs text-slate-600">/{p.slug}</div>
                            </div>
                          </div>
                        </td>
                        <td className={tableClasses.td}>
                          <ProductStatusBadge status={p.status} />
                        </td>
                        <td className={cn(tableClasses.td, "whitespace-nowrap tabular")}>{priceRange(p, currency)}</td>
                        <td className={tableClasses.tdNum}>{live.length}</td>
                        <td className={tableClasses.tdNum}>
                          <span className="font-semibold text-ink">{live.reduce((n, v) => n + v.available, 0)}</span>
                        </td>
                        <td className={cn(tableClasses.td, "whitespace-nowrap text-slate-700")}>
                          {drop ?? <span className="text-slate-500">—</span>}
                          {p.perCustomerLimit !== null && <div className="text-xs text-slate-600">Limit {p.perCustomerLimit} per customer</div>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {rows.length === 0 && (
              <EmptyState title={q || status ? "No products match" : "No products yet"}>
                {q || status ? "Try another search or filter." : "Add your first product with New product."}
              </EmptyState>
            )}
            <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600 sm:px-5">
              <span>
                {rows.length} {rows.length === 1 ? "product" : "products"}
                {query.hasNextPage ? " loaded, more to load" : ""}
              </span>
              {query.hasNextPage && (
                <Button variant="secondary" size="sm" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  {query.isFetchingNextPage && <Spinner />}
                  Load more
                </Button>
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
