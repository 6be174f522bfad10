"use client";
// Active holds: which units are held, for which cart or order, and for how long. An admin can
// release a hold; its units go straight back to what shoppers can buy.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Label } from "@/components/ui/input";
import { useNow } from "@/components/ui/use-now";
import { adminKeys, adminWrites, reservationsQuery } from "@/lib/api-client/admin";
import type { AdminReservation } from "@/lib/api-client/admin-contract";
import { AdminTable, actionsColumn, type AdminColumn } from "./admin-table";
import { EmptyState, LiveIndicator, LoadingRows, QueryError } from "./admin-ui";
import { ConfirmDialog } from "./confirm-dialog";
import { formatRelative } from "./format";
import { useDebouncedValue } from "./use-debounced-value";

const short = (id: string) => `…${id.slice(-6)}`;

export function ReservationsPanel({ store }: { store: string }) {
  const [skuInput, setSkuInput] = useState("");
  const sku = useDebouncedValue(skuInput.trim(), 300);
  const query = useQuery(reservationsQuery(store, sku));
  const now = useNow(query.dataUpdatedAt || 0);
  const [releasing, setReleasing] = useState<AdminReservation | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const items = query.data?.items ?? [];
  const units = items.reduce((n, h) => n + h.quantity, 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-sm sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-2">
          <Label htmlFor="reservations-sku" className="whitespace-nowrap">
            SKU
          </Label>
          <Input id="reservations-sku" value={skuInput} onChange={(e) => setSkuInput(e.target.value)} placeholder="Exact SKU" className="h-9 w-56" autoComplete="off" />
        </div>
        <div className="flex items-center gap-4 text-sm text-slate-600">
          {query.data && (
            <span>
              {items.length} {items.length === 1 ? "hold" : "holds"} · {units} {units === 1 ? "unit" : "units"}
            </span>
          )}
          <LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
        </div>
      </div>

      <p role="status" className={cn("text-sm", message ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900" : "sr-only")}>
        {message ?? ""}
      </p>

      <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
        {query.isPending ? (
          <LoadingRows label="Loading reservations…" />
        ) : query.isError && !query.data ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={sku ? `No active holds on ${sku}` : "No active holds"}>Units held for carts and unpaid orders show up here.</EmptyState>
        ) : (
          <AdminTable caption="Active holds, soonest expiry first" columns={columns(store, now, setReleasing)} rows={items} rowKey={(h) => h.id} />
        )}
      </div>

      {releasing && (
        <ReleaseDialog
          key={releasing.id}
          store={store}
          hold={releasing}
          onClose={() => setReleasing(null)}
          onDone={(m) => {
            setReleasing(null);
            setMessage(m);
          }}
        />
      )}
    </div>
  );
}

function columns(store: string, now: number, release: (hold: AdminReservation) => void): AdminColumn<AdminReservation>[] {
  return [
    { id: "sku", header: "SKU", className: "font-mono text-[13px] text-ink", cell: (h) => h.sku },
    {
      id: "product",
      header: "Product",
      cell: (h) => (
        <>
          <div className="font-medium text-ink">{h.productTitle ?? "—"}</div>
          {(h.variantTitle || h.storeSlug !== store) && (
            <div className="text-xs text-slate-600">
              {h.variantTitle}
              {h.storeSlug !== store ? `${h.variantTitle ? " · " : ""}via ${h.storeSlug}` : ""}
            </div>
          )}
        </>
      ),
    },
    { id: "quantity", header: "Quantity", numeric: true, className: "font-semibold text-ink", cell: (h) => h.quantity },
    {
      id: "for",
      header: "Held for",
      cell: (h) =>
        h.orderId ? (
          <span className="inline-flex items-center gap-1.5">
            <Badge tone="info" dot={false}>Order</Badge>
            <span className="font-mono text-xs text-slate-700" title={h.orderId}>{short(h.orderId)}</span>
          </span>
        ) : h.cartId ? (
          <span className="inline-flex items-center gap-1.5">
            <Badge tone="neutral" dot={false}>Cart</Badge>
            <span className="font-mono text-xs text-slate-700" title={h.cartId}>{short(h.cartId)}</span>
          </span>
        ) : (
          "—"
        ),
    },
    {
      id: "left",
      header: "Time left",
      className: "tabular whitespace-nowrap",
      cell: (h) => {
        const expires = new Date(h.expiresAt).getTime();
        return h.lapsed ? (
          <Badge tone="muted">Lapsed, not swept yet</Badge>
        ) : (
          <span className={cn(expires - now < 60_000 ? "font-medium text-amber-800" : "text-slate-800")}>
            <time dateTime={h.expiresAt}>{formatRelative(h.expiresAt, now).replace(/^in /, "")}</time>
            {h.orderId ? <span className="text-slate-600"> to pay</span> : null}
          </span>
        );
      },
    },
    actionsColumn((h) =>
      h.orderId ? (
        <span className="text-xs text-slate-600" title="An order's units stay held until its payment succeeds or fails; cancel the order instead.">
          Settles with the payment
        </span>
      ) : (
        <Button variant="secondary" size="sm" className="h-8" onClick={() => release(h)}>
          Release
        </Button>
      ),
    ),
  ];
}

function ReleaseDialog({ store, hold, onClose, onDone }: { store: string; hold: AdminReservation; onClose: () => void; onDone: (m: string) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const units = `${hold.quantity} ${hold.quantity === 1 ? "unit" : "units"}`;
  const mutation = useMutation({
    mutationFn: () => adminWrites.releaseHold(store, { holdId: hold.id, reason: reason.trim() || "Released by an admin" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.all(store) });
      onDone(`Released ${units} of ${hold.sku}.`);
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Release hold"
      description={`${units} of ${hold.sku} go back on sale at once.`}
      confirmLabel="Release hold"
      tone="primary"
      pending={mutation.isPending}
      error={mutation.error}
      errorTitle="Not released"
      onConfirm={() => mutation.mutate()}
    >
      <Field id={`${id}-reason`} label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Abandoned cart, customer asked" maxLength={500} hint="Optional. Saved in the activity log." />
    </ConfirmDialog>
  );
}
