"use client";
// The stock ledger as an audit trail: every change to stock or holds, who made it, when and why,
// newest first, filterable by SKU and paged by cursor.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Input, Label } from "@/components/ui/input";
import { movementsQuery } from "@/lib/api-client/admin";
import type { AdminMovement } from "@/lib/api-client/admin-contract";
import { AdminTable, type AdminColumn } from "./admin-table";
import { EmptyState, LiveIndicator, LoadingRows, QueryError } from "./admin-ui";
import { formatDateTime, formatDelta } from "./format";
import { LoadMoreFooter } from "./load-more-footer";
import { useDebouncedValue } from "./use-debounced-value";

const KINDS: Record<string, { label: string; tone: BadgeTone }> = {
  HOLD: { label: "Held", tone: "info" },
  RELEASE: { label: "Released", tone: "muted" },
  EXPIRE: { label: "Expired", tone: "muted" },
  SALE: { label: "Sold", tone: "success" },
  LATE_SALE: { label: "Sold late", tone: "warning" },
  ADJUST: { label: "Stock adjusted", tone: "neutral" },
  REPAIR: { label: "Repaired", tone: "danger" },
};

const ACTORS: Record<string, string> = { SHOPPER: "Shopper", SYSTEM: "System", TOKEN: "API token", USER: "Admin" };

function whatChanged(m: AdminMovement): string {
  const parts: string[] = [];
  if (m.stockDelta !== 0) parts.push(`stock ${m.stockAfter - m.stockDelta} → ${m.stockAfter} (${formatDelta(m.stockDelta)})`);
  if (m.reservedDelta !== 0) parts.push(`held ${formatDelta(m.reservedDelta)} → ${m.reservedAfter}`);
  return parts.join(", ") || `stock ${m.stockAfter}, held ${m.reservedAfter}`;
}

const EMPTY: AdminMovement[] = [];

function columns(filterBySku: (sku: string) => void): AdminColumn<AdminMovement>[] {
  return [
    {
      id: "when",
      header: "When",
      className: "whitespace-nowrap tabular text-slate-700",
      cell: (m) => <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>,
    },
    {
      id: "sku",
      header: "SKU",
      className: "font-mono text-[13px]",
      cell: (m) => (
        <button type="button" onClick={() => filterBySku(m.sku)} className="text-ink underline-offset-2 hover:underline" title={`Show only ${m.sku}`}>
          {m.sku}
        </button>
      ),
    },
    {
      id: "what",
      header: "What",
      cell: (m) => {
        const kind = KINDS[m.kind] ?? { label: m.kind, tone: "neutral" as BadgeTone };
        return (
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={kind.tone} dot={false}>
              {kind.label}
            </Badge>
            <span className="tabular text-slate-800">{whatChanged(m)}</span>
          </div>
        );
      },
    },
    {
      id: "who",
      header: "Who",
      cell: (m) => (
        <>
          <div className="max-w-56 truncate text-ink" title={m.actor.label ?? undefined}>
            {m.actor.label ?? ACTORS[m.actor.type] ?? m.actor.type}
          </div>
          {m.actor.label && <div className="text-xs text-slate-600">{ACTORS[m.actor.type] ?? m.actor.type}</div>}
        </>
      ),
    },
    {
      id: "why",
      header: "Why",
      className: "max-w-xs text-slate-800",
      cell: (m) => (
        <>
          {m.reason ?? <span className="text-slate-500">—</span>}
          {m.orderId && (
            <div className="font-mono text-xs text-slate-600" title={m.orderId}>
              order …{m.orderId.slice(-6)}
            </div>
          )}
        </>
      ),
    },
  ];
}

export function ActivityLog({ store, initialSku = "" }: { store: string; initialSku?: string }) {
  const [skuInput, setSkuInput] = useState(initialSku);
  const sku = useDebouncedValue(skuInput.trim(), 300);
  const query = useInfiniteQuery(movementsQuery(store, sku));
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? EMPTY, [query.data]);
  const cols = useMemo(() => columns(setSkuInput), []);

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-2">
          <Label htmlFor="activity-sku" className="whitespace-nowrap">
            Filter by SKU
          </Label>
          <Input id="activity-sku" value={skuInput} onChange={(e) => setSkuInput(e.target.value)} placeholder="Exact SKU" className="h-9 w-56" autoComplete="off" />
        </div>
        <LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
      </div>

      <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
        {query.isPending ? (
          <LoadingRows label="Loading activity…" />
        ) : query.isError && items.length === 0 ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={sku ? `No activity for ${sku}` : "No activity yet"}>{sku ? "Check the SKU: the filter matches it exactly." : undefined}</EmptyState>
        ) : (
          <>
            <AdminTable caption={`Stock ledger, newest first${sku ? `, SKU ${sku}` : ""}`} columns={cols} rows={items} rowKey={(m) => m.id} />
            <LoadMoreFooter
              count={items.length}
              noun={["movement", "movements"]}
              hasMore={query.hasNextPage}
              loading={query.isFetchingNextPage}
              onLoadMore={() => void query.fetchNextPage()}
              moreNote=" loaded"
              buttonLabel="Load older"
            />
          </>
        )}
      </div>
    </div>
  );
}
