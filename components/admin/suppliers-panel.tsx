"use client";
// Suppliers and resellers (docs/catalogue.md): the stores this store lets list its items (grant by
// slug, revoke with a confirmation — their listings stop taking new holds at once), the stores that
// let this store list theirs, and what they offer, each with "List item" (own title and price).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Label, inputClasses } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/cn";
import {
  catalogKeys,
  catalogWrites,
  resellersQuery,
  supplierItemsQuery,
  suppliersQuery,
  type Grant,
  type SupplierItem,
} from "@/lib/api-client/catalog-admin";
import { listingVariantInputSchema, cleanText } from "@/lib/catalog/admin/schemas";
import { AdminDialog, DialogActions } from "./admin-dialog";
import { AdminTable, actionsColumn, type AdminColumn } from "./admin-table";
import { EmptyState, LoadingRows, Panel, QueryError } from "./admin-ui";
import { ConfirmDialog } from "./confirm-dialog";
import { formatDateTime } from "./format";
import { LoadMoreFooter } from "./load-more-footer";
import { priceToCents } from "./product-form-schema";
import { useDebouncedValue } from "./use-debounced-value";

export function SuppliersPanel({ store, currency }: { store: string; currency: string }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <p role="status" className={message ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" : "sr-only"}>
        {message ?? ""}
      </p>
      <ResellersSection store={store} onDone={setMessage} />
      <SuppliersSection store={store} currency={currency} onDone={setMessage} />
    </div>
  );
}

function GrantsTable({ caption, grants, action }: { caption: string; grants: Grant[]; action?: (g: Grant) => ReactNode }) {
  const columns: AdminColumn<Grant>[] = [
    { id: "store", header: "Store", className: "font-mono text-[13px]", cell: (g) => g.store },
    { id: "name", header: "Name", cell: (g) => g.name },
    { id: "since", header: "Since", className: "whitespace-nowrap text-slate-700", cell: (g) => formatDateTime(g.since) },
    ...(action ? [actionsColumn<Grant>(action)] : []),
  ];
  return <AdminTable caption={caption} columns={columns} rows={grants} rowKey={(g) => g.store} />;
}

function itemColumns(onList: (item: SupplierItem) => void): AdminColumn<SupplierItem>[] {
  return [
    { id: "supplier", header: "Supplier", className: "font-mono text-[13px]", cell: (item) => item.supplierStore },
    { id: "sku", header: "SKU", className: "font-mono text-[13px]", cell: (item) => item.sku },
    {
      id: "product",
      header: "Product",
      cell: (item) => (
        <>
          <div className="font-medium text-ink">{item.productTitle ?? "—"}</div>
          {item.variantTitle && <div className="text-xs text-slate-600">{item.variantTitle}</div>}
        </>
      ),
    },
    { id: "available", header: "Available", numeric: true, cell: (item) => item.available },
    actionsColumn((item) => (
      <div className="flex items-center justify-end gap-2">
        {item.listed && <Badge tone="success">Listed</Badge>}
        <Button variant="secondary" size="sm" className="h-8 whitespace-nowrap" aria-label={`List item ${item.sku}`} onClick={() => onList(item)}>
          List item
        </Button>
      </div>
    )),
  ];
}

function ResellersSection({ store, onDone }: { store: string; onDone: (m: string) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const query = useQuery(resellersQuery(store));
  const [slug, setSlug] = useState("");
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const grant = useMutation({
    mutationFn: () => catalogWrites.grantReseller(store, slug.trim().toLowerCase()),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.resellers(store) });
      onDone(r.created === false ? `${r.grant.name} could already list your items.` : `${r.grant.name} may now list your items.`);
      setSlug("");
    },
  });
  const revoke = useMutation({
    mutationFn: (g: Grant) => catalogWrites.revokeReseller(store, g.store),
    onSuccess: (_r, g) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.resellers(store) });
      setRevoking(null);
      onDone(`${g.name} can no longer list your items. Its shoppers' existing holds and orders run to their end.`);
    },
  });

  return (
    <Panel title="Resellers" description="Stores you allow to list your items. They sell from your stock: a unit sold there is gone here too.">
      {query.isPending ? (
        <LoadingRows label="Loading resellers…" />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="No resellers">Grant a store below to let it list your items.</EmptyState>
      ) : (
        <GrantsTable
          caption="Stores allowed to list this store's items"
          grants={query.data}
          action={(g) => (
            <Button variant="danger" size="sm" aria-label={`Revoke ${g.store}`} onClick={() => setRevoking(g)}>
              Revoke
            </Button>
          )}
        />
      )}
      <form
        className="flex flex-wrap items-end gap-3 border-t border-slate-200 px-4 py-4 sm:px-5"
        onSubmit={(e) => {
          e.preventDefault();
          grant.mutate();
        }}
      >
        <Field
          id={`${id}-reseller`}
          label="Reseller store"
          hint="The store's slug, as in its address: /outlet → outlet."
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          className="w-full max-w-md"
          autoComplete="off"
          spellCheck={false}
          maxLength={63}
          required
        />
        <Button type="submit" className="mb-7" disabled={grant.isPending || slug.trim() === ""}>
          {grant.isPending && <Spinner />}
          Grant
        </Button>
      </form>
      {grant.isError && (
        <div className="px-4 pb-4 sm:px-5">
          <Alert title="Not granted">{grant.error.message}</Alert>
        </div>
      )}
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(null);
            revoke.reset();
          }
        }}
        title={`Revoke ${revoking?.name ?? ""}?`}
        description="Its listings of your items stop taking new holds at once. Carts that hold them now keep their holds, and orders run to their end."
        confirmLabel="Revoke"
        cancelLabel="Keep"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      />
    </Panel>
  );
}

function SuppliersSection({ store, currency, onDone }: { store: string; currency: string; onDone: (m: string) => void }) {
  const suppliers = useQuery(suppliersQuery(store));
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search, 250);
  const items = useInfiniteQuery({ ...supplierItemsQuery(store, q), enabled: (suppliers.data?.length ?? 0) > 0 });
  const rows = useMemo(() => items.data?.pages.flatMap((p) => p.items) ?? [], [items.data]);
  const [listing, setListing] = useState<SupplierItem | null>(null);

  return (
    <>
      <Panel title="Suppliers" description="Stores that let you list their items.">
        {suppliers.isPending ? (
          <LoadingRows label="Loading suppliers…" />
        ) : suppliers.isError ? (
          <QueryError error={suppliers.error} onRetry={() => void suppliers.refetch()} />
        ) : suppliers.data.length === 0 ? (
          <EmptyState title="No suppliers">When another store grants you, its items show here for you to list.</EmptyState>
        ) : (
          <GrantsTable caption="Stores whose items this store may list" grants={suppliers.data} />
        )}
      </Panel>

      {(suppliers.data?.length ?? 0) > 0 && (
        <Panel
          title="Items you may list"
          description="List one as your own product with your title and price; it sells from the supplier's stock."
          actions={
            <div className="flex items-center gap-2">
              <Label htmlFor="supplier-items-search" className="sr-only">
                Search
              </Label>
              <Input id="supplier-items-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="SKU or title" className="h-9 w-56" autoComplete="off" />
            </div>
          }
        >
          {items.isPending ? (
            <LoadingRows label="Loading items…" />
          ) : items.isError && rows.length === 0 ? (
            <QueryError error={items.error} onRetry={() => void items.refetch()} />
          ) : rows.length === 0 ? (
            <EmptyState title={q ? "No items match" : "Nothing offered yet"} />
          ) : (
            <AdminTable caption="Items your suppliers offer" columns={itemColumns(setListing)} rows={rows} rowKey={(item) => `${item.supplierStore}/${item.sku}`} />
          )}
          {rows.length > 0 && (
            <LoadMoreFooter
              count={rows.length}
              noun={["item", "items"]}
              hasMore={items.hasNextPage}
              loading={items.isFetchingNextPage}
              onLoadMore={() => void items.fetchNextPage()}
            />
          )}
        </Panel>
      )}
      <ListItemDialog
        store={store}
        currency={currency}
        item={listing}
        onClose={() => setListing(null)}
        onListed={(m) => {
          setListing(null);
          onDone(m);
        }}
      />
    </>
  );
}

/** Lists a supplier's item as a product of this store: its title, its price, draft or active. */
function ListItemDialog({ store, currency, item, onClose, onListed }: { store: string; currency: string; item: SupplierItem | null; onClose: () => void; onListed: (m: string) => void }) {
  return (
    <AdminDialog open={item !== null} onOpenChange={(open) => !open && onClose()} title="List item" description={item ? `${item.productTitle ?? item.sku} from ${item.supplierStore}, sold from its stock.` : undefined}>
      {item && <ListItemForm key={`${item.supplierStore}/${item.sku}`} store={store} currency={currency} item={item} onClose={onClose} onListed={onListed} />}
    </AdminDialog>
  );
}

function ListItemForm({ store, currency, item, onClose, onListed }: { store: string; currency: string; item: SupplierItem; onClose: () => void; onListed: (m: string) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(item.productTitle ?? "");
  const [price, setPrice] = useState("");
  const [status, setStatus] = useState<"DRAFT" | "ACTIVE">("DRAFT");
  const [problem, setProblem] = useState<string | null>(null);
  const list = useMutation({
    mutationFn: (input: { title: string; variant: ReturnType<typeof listingVariantInputSchema.parse> }) =>
      catalogWrites.createProduct(store, { title: input.title, status, variants: [input.variant] }),
    onSuccess: ({ product }) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.products(store) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.supplierItems(store, "").slice(0, 3) });
      onListed(`${product.title} is listed${status === "ACTIVE" ? " and on sale" : " as a draft"}.`);
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // The same rules as the route: the product's title, and the listing (supplier, SKU, price in cents).
        const t = cleanText(200, 1).safeParse(title);
        const v = listingVariantInputSchema.safeParse({ supplierStore: item.supplierStore, supplierSku: item.sku, ...(item.variantTitle ? { title: item.variantTitle } : {}), priceCents: priceToCents(price) });
        if (!t.success) return setProblem(`Title: ${t.error.issues[0]?.message ?? "check it."}`);
        if (!v.success) return setProblem(v.error.issues.some((i) => i.path[0] === "priceCents") ? "Price: a price such as 25.00, from 0 to 1,000,000.00." : (v.error.issues[0]?.message ?? "Check the fields."));
        setProblem(null);
        list.mutate({ title: t.data, variant: v.data });
      }}
      className="space-y-4"
    >
      <Field id={`${id}-title`} label="Title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoComplete="off" />
      <Field id={`${id}-price`} label={`Price (${currency})`} value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder="0.00" autoComplete="off" />
      <div>
        <Label htmlFor={`${id}-status`}>Status</Label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as "DRAFT" | "ACTIVE")} className={cn(inputClasses, "mt-1.5 w-full")}>
          <option value="DRAFT">Draft — only the dashboard sees it</option>
          <option value="ACTIVE">Active — on sale in the shop</option>
        </select>
      </div>
      {(problem || list.isError) && <Alert title="Not listed">{problem ?? list.error?.message}</Alert>}
      {list.isSuccess && (
        <p className="text-sm">
          <Link href={`/${store}/admin/products/${list.data.product.id}`}>Open the product</Link>
        </p>
      )}
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={list.isPending}>
          {list.isPending && <Spinner />}
          List item
        </Button>
      </DialogActions>
    </form>
  );
}
