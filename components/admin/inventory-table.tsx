"use client";
// The inventory: every item the store owns or lists, filtered and searched on the server, paged
// by cursor (stores with thousands of items load page by page), sorted in the table, and live
// (the numbers refresh every few seconds). Row action: Adjust stock.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Label } from "@/components/ui/input";
import { adminApi, inventoryQuery, type InventoryFilter } from "@/lib/api-client/admin";
import type { AdminInventoryItem, InventoryPage, InventoryState } from "@/lib/api-client/admin-contract";
import { AdjustStockDialog } from "./adjust-stock-dialog";
import { AdminTable, actionsColumn, type AdminColumn } from "./admin-table";
import { EmptyState, FilterGroup, LiveIndicator, LoadingRows, QueryError } from "./admin-ui";
import { ImportCsvDialog } from "./import-csv-dialog";
import { LoadMoreFooter } from "./load-more-footer";
import { SHARED_EXPLANATION, SharedBadge, StockStateBadge, stockStateRank } from "./stock-state";
import { useDebouncedValue } from "./use-debounced-value";

const dataColumns: AdminColumn<AdminInventoryItem>[] = [
  {
    id: "sku",
    header: "SKU",
    sort: { value: (row) => row.sku, by: "text" },
    cell: (item) => <span className="whitespace-nowrap font-mono text-[13px] text-ink">{item.sku}</span>,
  },
  {
    id: "product",
    header: "Product",
    sort: { value: (row) => `${row.productTitle ?? ""} ${row.variantTitle ?? ""}`.trim(), by: "text" },
    cell: (item) => (
      <div className="min-w-36">
        <div className="font-medium text-ink">{item.productTitle ?? <span className="text-slate-500">Not listed in this store</span>}</div>
        {item.variantTitle && <div className="text-xs text-slate-600">{item.variantTitle}</div>}
      </div>
    ),
  },
  { id: "stock", header: "Stock", numeric: true, sort: { value: (row) => row.stock, by: "number" }, cell: (item) => item.stock },
  { id: "reserved", header: "Reserved", numeric: true, sort: { value: (row) => row.reserved, by: "number" }, cell: (item) => item.reserved },
  {
    id: "available",
    header: "Available",
    numeric: true,
    sort: { value: (row) => row.available, by: "number" },
    cell: (item) => <span className="font-semibold text-ink">{item.available}</span>,
  },
  {
    id: "waiting",
    header: "Waiting",
    numeric: true,
    sort: { value: (row) => row.waitingUnits, by: "number" },
    cell: (item) => {
      const shoppers = item.waitingShoppers;
      const units = item.waitingUnits;
      if (shoppers === 0) return <span className="text-slate-500">—</span>;
      return (
        <span title={`${shoppers} ${shoppers === 1 ? "shopper" : "shoppers"} waiting for ${units} ${units === 1 ? "unit" : "units"}`}>
          <span className="block">{units}</span>
          <span className="block whitespace-nowrap text-xs text-slate-600">
            {shoppers} {shoppers === 1 ? "shopper" : "shoppers"}
          </span>
        </span>
      );
    },
  },
  {
    id: "threshold",
    header: "Threshold",
    numeric: true,
    sort: { value: (row) => row.lowStockThreshold, by: "number" },
    cell: (item) => (
      <span title={item.lowStockThresholdIsDefault ? "The store's default threshold" : "This item's own threshold"}>
        {item.lowStockThreshold}
        {item.lowStockThresholdIsDefault && <span className="sr-only"> (store default)</span>}
      </span>
    ),
  },
  {
    id: "state",
    header: "Status",
    sort: (a, b) => stockStateRank(a.state) - stockStateRank(b.state),
    cell: (item) => (
      <div className="flex flex-wrap items-center gap-1.5">
        <StockStateBadge state={item.state} />
        {!item.owned && <SharedBadge />}
      </div>
    ),
  },
];

// The row action reads "Adjust" (its name, "Adjust stock", starts with what it shows): with nine
// columns the table then fits a 1280 px screen beside the sidebar instead of scrolling sideways.
function columnsWith(adjust: (item: AdminInventoryItem) => void): AdminColumn<AdminInventoryItem>[] {
  return [
    ...dataColumns,
    actionsColumn((item) =>
      item.owned ? (
        <Button variant="secondary" size="sm" className="h-8 whitespace-nowrap" aria-label="Adjust stock" onClick={() => adjust(item)}>
          Adjust
        </Button>
      ) : (
        <Button variant="secondary" size="sm" className="h-8 whitespace-nowrap" aria-label="Adjust stock" disabled aria-describedby="inventory-shared-note" title={SHARED_EXPLANATION}>
          Adjust
        </Button>
      ),
    ),
  ];
}

const FILTERS: { label: string; value: InventoryState | null }[] = [
  { label: "All", value: null },
  { label: "Low stock", value: "low_stock" },
  { label: "Out of stock", value: "out_of_stock" },
  { label: "Coming soon", value: "coming_soon" },
];

const EMPTY: AdminInventoryItem[] = [];

/** `firstPage`: the unfiltered first page as the server rendered it (first paint without a spinner). */
export function InventoryTable({ store, firstPage }: { store: string; firstPage?: InventoryPage & { asOf: number } }) {
  const [state, setState] = useState<InventoryState | null>(null);
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search, 250);
  const filter: InventoryFilter = useMemo(() => ({ state, q: q.trim() }), [state, q]);
  // Only the unfiltered key may start from the server's page; other filters fetch their own.
  const seed =
    firstPage && state === null && filter.q === ""
      ? { initialData: { pages: [firstPage], pageParams: [null] }, initialDataUpdatedAt: firstPage.asOf }
      : {};
  const query = useInfiniteQuery({ ...inventoryQuery(store, filter), ...seed });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? EMPTY, [query.data]);
  /** The item whose dialog is open, as it was when opened. */
  const [adjustingItem, setAdjustingItem] = useState<AdminInventoryItem | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const columns = useMemo(() => columnsWith(setAdjustingItem), []);
  const [sorted, setSorted] = useState(false);

  // The dialog reads the live row, so its numbers move while it is open; while the row is not in the
  // loaded rows (the search or filter is refetching) it keeps the row as it was: the form stays.
  const adjusting = adjustingItem ? (rows.find((r) => r.sku === adjustingItem.sku && r.owned) ?? adjustingItem) : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm xl:flex-row xl:items-center xl:justify-between">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          <FilterGroup label="Filter by stock" options={FILTERS} value={state} onChange={setState} />
          <div className="flex items-center gap-2">
            <Label htmlFor="inventory-search" className="sr-only">
              Search
            </Label>
            <div className="relative w-full sm:w-72">
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-500"
              >
                <path strokeLinecap="round" d="m21 21-4.3-4.3M17 10.5a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0Z" />
              </svg>
              <Input
                id="inventory-search"
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder="SKU or product"
                className="h-9 pl-9"
                autoComplete="off"
              />
            </div>
          </div>
        </div>
        <div className="flex items-center gap-2">
          <LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
          <Button variant="secondary" size="sm" onClick={() => setImportOpen(true)}>
            Import CSV
          </Button>
          <a href={`${adminApi(store)}/inventory.csv`} download className={buttonClasses({ variant: "secondary", size: "sm" })}>
            Export CSV
          </a>
        </div>
      </div>

      <p
        role="status"
        className={cn(
          "text-sm",
          message ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900" : "sr-only",
        )}
      >
        {message ?? ""}
      </p>

      {rows.some((r) => !r.owned) && (
        <p id="inventory-shared-note" className="flex items-center gap-2 text-sm text-slate-700">
          <SharedBadge />
          Listed from a supplier store: the units are shared with it, and the supplier manages its stock, so it can&apos;t be
          adjusted here.
        </p>
      )}

      <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
        {query.isPending ? (
          <LoadingRows label="Loading inventory…" />
        ) : query.isError && rows.length === 0 ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <>
            <AdminTable
              caption={`Inventory${state ? `, ${FILTERS.find((f) => f.value === state)?.label.toLowerCase()} only` : ""}. Column headers sort the loaded rows.`}
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
              onSortedChange={setSorted}
            />
            {rows.length === 0 && (
              <EmptyState title={q || state ? "No items match" : "No inventory yet"}>
                {q || state ? "Try another search or filter." : "Import a CSV to add stock."}
              </EmptyState>
            )}
            <LoadMoreFooter
              count={rows.length}
              noun={["item", "items"]}
              hasMore={query.hasNextPage}
              loading={query.isFetchingNextPage}
              onLoadMore={() => void query.fetchNextPage()}
            >
              {query.hasNextPage && sorted ? " · sorting applies to the loaded items" : ""}
            </LoadMoreFooter>
          </>
        )}
      </div>

      <AdjustStockDialog
        store={store}
        item={adjusting}
        onOpenChange={(open) => !open && setAdjustingItem(null)}
        onSaved={(m) => {
          setAdjustingItem(null);
          setMessage(m);
        }}
      />
      <ImportCsvDialog
        store={store}
        open={importOpen}
        onOpenChange={setImportOpen}
        onImported={(m) => {
          setImportOpen(false);
          setMessage(m);
        }}
      />
    </div>
  );
}
