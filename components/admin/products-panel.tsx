"use client";
// The store's products: filtered by status and searched on the server, paged by cursor ("Load
// more"); each title opens its form. Prices in the store's currency; a drop shows its window.
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { formatMoney } from "@/components/ui/format";
import { Input, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { productsQuery, type AdminProduct, type ProductStatus } from "@/lib/api-client/catalog-admin";
import { AdminTable, type AdminColumn } from "./admin-table";
import { EmptyState, FilterGroup, LoadingRows, QueryError } from "./admin-ui";
import { formatDateTime } from "./format";
import { LoadMoreFooter } from "./load-more-footer";
import { ProductStatusBadge } from "./product-status";
import { useDebouncedValue } from "./use-debounced-value";

const FILTERS: { label: string; value: ProductStatus | null }[] = [
  { label: "All", value: null },
  { label: "Active", value: "ACTIVE" },
  { label: "Draft", value: "DRAFT" },
  { label: "Archived", value: "ARCHIVED" },
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

function columns(store: string, currency: string, now: number): AdminColumn<AdminProduct>[] {
  const live = (p: AdminProduct) => p.variants.filter((v) => !v.archived);
  return [
    {
      id: "title",
      header: "Title",
      cell: (p) => (
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
      ),
    },
    { id: "status", header: "Status", cell: (p) => <ProductStatusBadge status={p.status} /> },
    { id: "price", header: "Price", className: "whitespace-nowrap tabular", cell: (p) => priceRange(p, currency) },
    { id: "variants", header: "Variants", numeric: true, cell: (p) => live(p).length },
    { id: "available", header: "Available", numeric: true, cell: (p) => <span className="font-semibold text-ink">{live(p).reduce((n, v) => n + v.available, 0)}</span> },
    {
      id: "drop",
      header: "Drop",
      className: "whitespace-nowrap text-slate-700",
      cell: (p) => (
        <>
          {dropText(p, now) ?? <span className="text-slate-500">—</span>}
          {p.perCustomerLimit !== null && <div className="text-xs text-slate-600">Limit {p.perCustomerLimit} per customer</div>}
        </>
      ),
    },
  ];
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
        <FilterGroup label="Filter by status" options={FILTERS} value={status} onChange={setStatus} />
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
            <AdminTable caption={`Products${status ? `, ${status.toLowerCase()} only` : ""}`} columns={columns(store, currency, now)} rows={rows} rowKey={(p) => p.id} />
            {rows.length === 0 && (
              <EmptyState title={q || status ? "No products match" : "No products yet"}>
                {q || status ? "Try another search or filter." : "Add your first product with New product."}
              </EmptyState>
            )}
            <LoadMoreFooter
              count={rows.length}
              noun={["product", "products"]}
              hasMore={query.hasNextPage}
              loading={query.isFetchingNextPage}
              onLoadMore={() => void query.fetchNextPage()}
            />
          </>
        )}
      </div>
    </div>
  );
}
