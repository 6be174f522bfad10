"use client";
// Orders: those awaiting payment with their deadlines (their units stay held until the payment
// settles either way), then recent paid and cancelled ones with the reason. Late payments that
// were refunded stand out: the shopper paid after the order had been cancelled.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/input";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/components/ui/format";
import { useNow } from "@/components/ui/use-now";
import { adminKeys, adminWrites, orderSearchQuery, ordersQuery } from "@/lib/api-client/admin";
import type { AdminOrder } from "@/lib/api-client/admin-contract";
import { AdminTable, actionsColumn, type AdminColumn } from "./admin-table";
import { EmptyState, LiveIndicator, LoadingRows, Panel, QueryError } from "./admin-ui";
import { ConfirmDialog } from "./confirm-dialog";
import { formatDateTime, formatRelative } from "./format";

const REASONS: Record<string, { label: string; tone: BadgeTone; note?: string }> = {
  PAYMENT_FAILED: { label: "Payment failed", tone: "neutral" },
  PAYMENT_TIMEOUT: { label: "Not paid in time", tone: "neutral" },
  PAYMENT_GAVE_UP: { label: "Payment never settled", tone: "neutral" },
  BY_ADMIN: { label: "Cancelled by an admin", tone: "neutral" },
  LATE_PAYMENT_REFUNDED: {
    label: "Late payment refunded",
    tone: "danger",
    note: "The shopper paid after the order was cancelled and their units were released; the payment was refunded. Consider reaching out.",
  },
};

function reasonOf(code: string | null | undefined) {
  if (!code) return { label: "Cancelled", tone: "neutral" as BadgeTone };
  return REASONS[code] ?? { label: code.replace(/_/g, " ").toLowerCase().replace(/^\w/, (c) => c.toUpperCase()), tone: "neutral" as BadgeTone };
}

function itemsSummary(o: AdminOrder): string {
  const units = o.lines.reduce((n, l) => n + l.quantity, 0);
  const first = o.lines[0];
  if (!first) return "No items";
  const rest = o.lines.length - 1;
  return `${units} ${units === 1 ? "unit" : "units"} · ${first.productTitle}${rest > 0 ? ` + ${rest} more` : ""}`;
}

export function OrdersPanel({ store }: { store: string }) {
  const pendingQuery = useQuery(ordersQuery(store, "pending"));
  const query = useQuery(ordersQuery(store, "recent"));
  const now = useNow(query.dataUpdatedAt || 0);
  const pending = (pendingQuery.data?.items ?? []).filter((o) => o.status === "PENDING_PAYMENT").sort((a, b) => a.paymentDeadline.localeCompare(b.paymentDeadline));
  const recent = (query.data?.items ?? [])
    .filter((o) => o.status !== "PENDING_PAYMENT")
    .sort((a, b) => (b.paidAt ?? b.cancelledAt ?? b.createdAt).localeCompare(a.paidAt ?? a.cancelledAt ?? a.createdAt));
  const lateRefunds = recent.filter((o) => o.cancelReason === "LATE_PAYMENT_REFUNDED").length;
  const [cancelling, setCancelling] = useState<AdminOrder | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (query.isPending || pendingQuery.isPending) return <Panel><LoadingRows label="Loading orders…" /></Panel>;
  if (query.isError && !query.data) return <Panel><QueryError error={query.error} onRetry={() => void query.refetch()} /></Panel>;
  if (pendingQuery.isError && !pendingQuery.data) return <Panel><QueryError error={pendingQuery.error} onRetry={() => void pendingQuery.refetch()} /></Panel>;

  return (
    <div className="space-y-6">
      <OrderSearch store={store} />
      <p role="status" className={cn("text-sm", message ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900" : "sr-only")}>
        {message ?? ""}
      </p>
      <Panel
        title="Awaiting payment"
        description="Their units stay held until the payment succeeds or fails. Past the deadline, cleanup cancels them once the provider confirms no payment."
        actions={<LiveIndicator updatedAt={pendingQuery.dataUpdatedAt} fetching={pendingQuery.isFetching} />}
      >
        {pending.length === 0 ? (
          <EmptyState title="No orders awaiting payment" />
        ) : (
          <AdminTable caption="Orders awaiting payment, nearest deadline first" columns={pendingColumns(store, now, setCancelling)} rows={pending} rowKey={(o) => o.id} />
        )}
      </Panel>

      {cancelling && (
        <CancelOrderDialog
          key={cancelling.id}
          store={store}
          order={cancelling}
          onClose={() => setCancelling(null)}
          onDone={(m) => {
            setCancelling(null);
            setMessage(m);
          }}
        />
      )}

      <Panel
        title="Recent orders"
        description={lateRefunds > 0 ? `${lateRefunds} late ${lateRefunds === 1 ? "payment was" : "payments were"} refunded: ${lateRefunds === 1 ? "that shopper" : "those shoppers"} paid after cancellation.` : "Paid and cancelled, newest first."}
      >
        {recent.length === 0 ? (
          <EmptyState title="No paid or cancelled orders yet" />
        ) : (
          <AdminTable
            caption="Recent paid and cancelled orders"
            columns={recentColumns(store, now)}
            rows={recent}
            rowKey={(o) => o.id}
            rowClassName={(o) => o.cancelReason === "LATE_PAYMENT_REFUNDED" && "bg-red-50/70 hover:bg-red-50"}
          />
        )}
      </Panel>
    </div>
  );
}

const orderColumn = (store: string): AdminColumn<AdminOrder> => ({ id: "order", header: "Order", cell: (o) => <OrderLink store={store} order={o} /> });
const itemsColumn: AdminColumn<AdminOrder> = { id: "items", header: "Items", className: "min-w-40", cell: itemsSummary };
const totalColumn: AdminColumn<AdminOrder> = { id: "total", header: "Total", numeric: true, cell: (o) => formatMoney(o.totalCents, o.currency) };

function pendingColumns(store: string, now: number, cancel: (o: AdminOrder) => void): AdminColumn<AdminOrder>[] {
  return [
    orderColumn(store),
    itemsColumn,
    totalColumn,
    { id: "placed", header: "Placed", className: "whitespace-nowrap text-slate-700", cell: (o) => formatRelative(o.createdAt, now) },
    {
      id: "deadline",
      header: "Payment deadline",
      className: "whitespace-nowrap tabular",
      cell: (o) => {
        const deadline = new Date(o.paymentDeadline).getTime();
        return deadline <= now ? (
          <Badge tone="danger">Overdue by {formatRelative(o.paymentDeadline, now).replace(/ ago$/, "")}</Badge>
        ) : (
          <span className={cn(deadline - now < 5 * 60_000 ? "font-medium text-amber-800" : "text-slate-800")}>
            <time dateTime={o.paymentDeadline}>{formatRelative(o.paymentDeadline, now)}</time>
          </span>
        );
      },
    },
    actionsColumn((o) => (
      <Button variant="secondary" size="sm" className="h-8 whitespace-nowrap" onClick={() => cancel(o)}>
        Cancel order
      </Button>
    )),
  ];
}

function recentColumns(store: string, now: number): AdminColumn<AdminOrder>[] {
  return [
    orderColumn(store),
    {
      id: "status",
      header: "Status",
      cell: (o) => {
        const late = o.cancelReason === "LATE_PAYMENT_REFUNDED";
        const reason = reasonOf(o.cancelReason);
        return o.status === "PAID" ? (
          <Badge tone="success">Paid</Badge>
        ) : (
          <div className="flex flex-col items-start gap-1">
            <Badge tone={late ? "danger" : "muted"}>{late ? reason.label : `Cancelled: ${reason.label.toLowerCase()}`}</Badge>
            {"note" in reason && reason.note && <p className="max-w-sm text-xs text-red-900">{reason.note}</p>}
          </div>
        );
      },
    },
    itemsColumn,
    totalColumn,
    {
      id: "when",
      header: "When",
      className: "whitespace-nowrap text-slate-700",
      cell: (o) => {
        const at = o.paidAt ?? o.cancelledAt ?? o.createdAt;
        return (
          <time dateTime={at} title={formatDateTime(at)}>
            {formatRelative(at, now)}
          </time>
        );
      },
    },
  ];
}

function foundColumns(store: string): AdminColumn<AdminOrder>[] {
  return [
    orderColumn(store),
    {
      id: "status",
      header: "Status",
      cell: (o) =>
        o.status === "PAID" ? <Badge tone="success">Paid</Badge> : o.status === "PENDING_PAYMENT" ? <Badge tone="info">Awaiting payment</Badge> : <Badge tone="muted">{reasonOf(o.cancelReason).label}</Badge>,
    },
    { id: "email", header: "Email", className: "text-slate-700", cell: (o) => o.email ?? "—" },
    totalColumn,
    { id: "placed", header: "Placed", className: "whitespace-nowrap text-slate-700", cell: (o) => formatDateTime(o.createdAt) },
  ];
}

/** "Cancel order #N" with an optional reason: the orders list's and the order page's (cancel-order-action.tsx). */
export function CancelOrderDialog({
  store,
  order,
  onClose,
  onDone,
}: {
  store: string;
  order: Pick<AdminOrder, "id" | "number">;
  onClose: () => void;
  onDone: (m: string) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: () => adminWrites.cancelOrder(store, { orderId: order.id, reason: reason.trim() }),
    onSuccess: ({ order: after }) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.all(store) });
      onDone(after.status === "PAID" ? `Order #${after.number} had been paid: it is marked paid, not cancelled.` : `Order #${after.number} cancelled; its units are on sale again.`);
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Cancel order #${order.number}`}
      description="The payment is cancelled at the provider first; if it turns out to be paid, the order is marked paid instead. Otherwise its units go back on sale."
      confirmLabel="Cancel order"
      cancelLabel="Keep the order"
      pending={mutation.isPending}
      error={mutation.error}
      errorTitle="Not cancelled"
      onConfirm={() => mutation.mutate()}
    >
      <Field id={`${id}-reason`} label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. Customer asked by phone" hint="Optional. Saved with the cancellation." />
    </ConfirmDialog>
  );
}

function OrderLink({ store, order }: { store: string; order: AdminOrder }) {
  return (
    <Link href={`/${store}/admin/orders/${order.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
      #{order.number}
    </Link>
  );
}

const STATUS_FILTERS = [
  { value: "", label: "All statuses" },
  { value: "PENDING_PAYMENT", label: "Awaiting payment" },
  { value: "PAID", label: "Paid" },
  { value: "CANCELLED", label: "Cancelled" },
] as const;

const SEARCH_PAGE = 20;

/** Find an order by number or email, filter by status, and page through the rest with the cursor. */
function OrderSearch({ store }: { store: string }) {
  const id = useId();
  const [text, setText] = useState("");
  const [filter, setFilter] = useState<{ q: string; status: string }>({ q: "", status: "" });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const query = useQuery(orderSearchQuery(store, { ...filter, cursor, limit: SEARCH_PAGE }));
  const apply = (next: { q: string; status: string }) => {
    setFilter(next);
    setCursors([null]);
  };
  return (
    <Panel title="Find an order" description="By order number (#1042) or the shopper's email; newest first.">
      <form
        role="search"
        className="flex flex-wrap items-end gap-3 px-4 py-4 sm:px-5"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ ...filter, q: text.trim() });
        }}
      >
        <Field id={`${id}-q`} label="Search" type="search" value={text} onChange={(e) => setText(e.target.value)} className="min-w-56 flex-1" maxLength={254} />
        <div>
          <label htmlFor={`${id}-status`} className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select
            id={`${id}-status`}
            value={filter.status}
            onChange={(e) => apply({ ...filter, status: e.target.value })}
            className="mt-1.5 block h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm"
          >
            {STATUS_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit">Search</Button>
      </form>
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <LoadingRows label="Searching…" />
      ) : query.data.items.length === 0 ? (
        <EmptyState title="No orders match" />
      ) : (
        <AdminTable caption="Orders found, newest first" columns={foundColumns(store)} rows={query.data.items} rowKey={(o) => o.id} />
      )}
      <nav aria-label="Pages of orders found" className="flex justify-between gap-3 px-5 py-4">
        <Button variant="secondary" size="sm" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer orders
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={!query.data?.nextCursor}
          onClick={() => {
            const next = query.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          Older orders
        </Button>
      </nav>
    </Panel>
  );
}
