"use client";
// The admin's waitlist: demand per SKU at a glance (waiting shoppers and units, offers and how many
// became paid orders), then every entry, newest first, filterable by SKU and status.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Input, Label, inputClasses } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import { adminWaitlistQuery, type AdminWaitlistItem } from "@/lib/api-client/waitlist-admin";
import { AdminTable, type AdminColumn } from "./admin-table";
import { EmptyState, LiveIndicator, LoadingRows, QueryError } from "./admin-ui";
import { useDebouncedValue } from "./use-debounced-value";

const STATUSES = ["WAITING", "OFFERED", "CLAIMED", "LAPSED", "CANCELLED"] as const;
const TONE: Record<AdminWaitlistItem["status"], "neutral" | "info" | "success" | "warning" | "danger"> = {
  WAITING: "neutral",
  OFFERED: "info",
  CLAIMED: "success",
  LAPSED: "warning",
  CANCELLED: "neutral",
};
const label = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();

const COLUMNS: AdminColumn<AdminWaitlistItem>[] = [
  { id: "sku", header: "SKU", className: "whitespace-nowrap font-mono text-xs", cell: (e) => e.sku },
  { id: "shopper", header: "Shopper", className: "max-w-56 truncate", cell: (e) => e.email },
  { id: "quantity", header: "Quantity", numeric: true, cell: (e) => e.quantity },
  { id: "status", header: "Status", cell: (e) => <Badge tone={TONE[e.status]}>{label(e.status)}</Badge> },
  { id: "joined", header: "Joined", className: "whitespace-nowrap", cell: (e) => <LocalTime iso={e.createdAt} /> },
  {
    id: "offer",
    header: "Offer",
    className: "text-slate-700",
    cell: (e) =>
      e.offeredAt ? (
        <>
          <span className="block whitespace-nowrap">
            {e.offeredQuantity} {e.offeredQuantity === 1 ? "unit" : "units"} · <LocalTime iso={e.offeredAt} />
          </span>
          {e.offerExpiresAt && e.status === "OFFERED" && (
            <span className="block whitespace-nowrap text-xs text-slate-600">
              held until <LocalTime iso={e.offerExpiresAt} format="time" />
            </span>
          )}
        </>
      ) : (
        "—"
      ),
  },
  { id: "order", header: "Order", cell: (e) => (e.orderStatus ? label(e.orderStatus.replace("_", " ")) : "—") },
];

export function WaitlistPanel({ store }: { store: string }) {
  const [skuInput, setSkuInput] = useState("");
  const [status, setStatus] = useState("");
  const sku = useDebouncedValue(skuInput.trim(), 300);
  const query = useQuery(adminWaitlistQuery(store, { sku, status }));
  const items = query.data?.items ?? [];
  const s = query.data?.summary;
  const conversion = s && s.offered > 0 ? Math.round((s.paid / s.offered) * 100) : null;

  return (
    <div className="space-y-4">
      {s && (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[
            ["Waiting", `${s.waiting}`, `${s.waitingUnits} ${s.waitingUnits === 1 ? "unit" : "units"}`],
            ["Offers made", `${s.offered}`, `${s.lapsed} lapsed`],
            ["Claimed", `${s.claimed}`, "moved into a cart"],
            ["Paid", `${s.paid}`, conversion === null ? "no offers yet" : `${conversion}% of offers`],
          ].map(([term, value, hint]) => (
            <div key={term} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <dt className="text-xs font-medium text-slate-600">{term}</dt>
              <dd className="mt-1 text-2xl font-semibold text-ink tabular">{value}</dd>
              <dd className="text-xs text-slate-600">{hint}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:flex-row sm:items-center sm:justify-between">
        <div className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2 sm:flex sm:flex-wrap">
          <Label htmlFor="waitlist-sku">SKU</Label>
          <Input
            id="waitlist-sku"
            value={skuInput}
            onChange={(e) => setSkuInput(e.target.value)}
            placeholder="Exact SKU"
            className="h-9 w-full sm:w-48"
            autoComplete="off"
          />
          <Label htmlFor="waitlist-status" className="sm:ml-2">
            Status
          </Label>
          <select
            id="waitlist-status"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            className={cn(inputClasses, "h-9 w-full sm:w-40")}
          >
            <option value="">All</option>
            {STATUSES.map((x) => (
              <option key={x} value={x}>
                {label(x)}
              </option>
            ))}
          </select>
        </div>
        <LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
      </div>
      <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
        {query.isPending ? (
          <LoadingRows label="Loading the waitlist…" />
        ) : query.isError && !query.data ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title="Nobody is waiting">
            When a shopper asks to be told about a sold-out item, they show up here.
          </EmptyState>
        ) : (
          <AdminTable caption="Waitlist entries, newest first" region="Waitlist entries" columns={COLUMNS} rows={items} rowKey={(e) => e.id} />
        )}
      </div>
    </div>
  );
}
