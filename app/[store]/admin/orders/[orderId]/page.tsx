// An order as its store's admins see it: lines, the holds behind it and their deadlines, the
// payment with its provider reference and what the webhooks and the sync job heard, the ledger
// rows it caused, and "Cancel order" while it awaits payment. The same domain call as
// GET admin/orders/{id}.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader, Panel } from "@/components/admin/admin-ui";
import { CancelOrderAction } from "@/components/admin/cancel-order-action";
import { formatDelta } from "@/components/admin/format";
import { StaticTable, type AdminColumn } from "@/components/admin/static-table";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getAdminOrder } from "@/lib/orders/get-admin-order";
import { orderIdSchema } from "@/lib/orders/schemas";
import { requireStoreAdminPage } from "../../_lib/require-store-admin-page";

export const metadata: Metadata = { title: "Order" };

const STATUS: Record<string, { label: string; tone: "info" | "success" | "muted" }> = {
  PENDING_PAYMENT: { label: "Awaiting payment", tone: "info" },
  PAID: { label: "Paid", tone: "success" },
  CANCELLED: { label: "Cancelled", tone: "muted" },
};

type Detail = Awaited<ReturnType<typeof getAdminOrder>>;

const LINE_COLUMNS = (currency: string): AdminColumn<Detail["order"]["lines"][number]>[] => [
  { id: "sku", header: "SKU", className: "whitespace-nowrap font-mono text-xs", cell: (l) => l.sku },
  {
    id: "product",
    header: "Product",
    cell: (l) => (
      <>
        {l.productTitle}
        {l.variantTitle ? <span className="text-slate-600"> · {l.variantTitle}</span> : null}
      </>
    ),
  },
  { id: "quantity", header: "Quantity", numeric: true, cell: (l) => l.quantity },
  { id: "amount", header: "Amount", numeric: true, cell: (l) => formatMoney(l.lineTotalCents, currency) },
];

const HOLD_COLUMNS: AdminColumn<Detail["holds"][number]>[] = [
  { id: "sku", header: "SKU", className: "whitespace-nowrap font-mono text-xs", cell: (h) => h.sku },
  { id: "quantity", header: "Quantity", numeric: true, cell: (h) => h.quantity },
  { id: "status", header: "Status", cell: (h) => <Badge tone={h.status === "ACTIVE" ? "info" : h.status === "SOLD" ? "success" : "muted"}>{h.status.toLowerCase()}</Badge> },
  { id: "deadline", header: "Deadline", className: "whitespace-nowrap", cell: (h) => <LocalTime iso={h.expiresAt} /> },
];

const LEDGER_COLUMNS: AdminColumn<Detail["movements"][number]>[] = [
  { id: "when", header: "When", className: "whitespace-nowrap", cell: (m) => <LocalTime iso={m.createdAt} format="time" /> },
  { id: "sku", header: "SKU", className: "whitespace-nowrap font-mono text-xs", cell: (m) => m.sku },
  { id: "kind", header: "Kind", cell: (m) => m.kind.toLowerCase() },
  { id: "stock", header: "Stock", numeric: true, cell: (m) => formatDelta(m.stockDelta) },
  { id: "reserved", header: "Reserved", numeric: true, cell: (m) => formatDelta(m.reservedDelta) },
  { id: "by", header: "By", className: "text-slate-700", cell: (m) => m.actor ?? "—" },
];

export default async function AdminOrderPage({ params }: { params: Promise<{ store: string; orderId: string }> }) {
  const { store: slug, orderId } = await params;
  const { store } = await requireStoreAdminPage(slug, `/${slug}/admin/orders/${orderId}`);
  const id = orderIdSchema.safeParse(orderId);
  if (!id.success) notFound();
  const detail = await getAdminOrder({ db: getDb() }, { storeId: store.id, orderId: id.data }).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { order, holds, payment, movements } = detail;
  const status = STATUS[order.status] ?? { label: order.status, tone: "muted" as const };

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/${store.slug}/admin/orders`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          ← All orders
        </Link>
      </p>
      <PageHeader
        title={`Order #${order.number}`}
        description={
          <>
            {status.label}
            {order.cancelReason ? ` (${order.cancelReason.replace(/_/g, " ").toLowerCase()})` : ""} · placed <LocalTime iso={order.createdAt} />
            {order.email ? ` · ${order.email}` : ""}
          </>
        }
        actions={<CancelOrderAction store={store.slug} order={{ id: order.id, number: order.number }} cancellable={order.status === "PENDING_PAYMENT"} />}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Panel title="Lines" description={`Total ${formatMoney(order.totalCents, order.currency)}`}>
          <StaticTable caption="Order lines" label="Order lines (scrolls sideways)" columns={LINE_COLUMNS(order.currency)} rows={order.lines} rowKey={(l, i) => `${l.variantId}-${i}`} />
        </Panel>

        <Panel title="Holds" description={order.status === "PENDING_PAYMENT" ? <>Payment deadline <LocalTime iso={order.paymentDeadline} /></> : "The units this order held."}>
          <StaticTable caption="Holds of this order" label="Holds of this order (scrolls sideways)" columns={HOLD_COLUMNS} rows={holds} rowKey={(h) => h.id} empty="This order holds no units." />
        </Panel>

        <Panel
          title="Payment"
          description={payment ? `${payment.provider} · reference ${payment.reference} · ${payment.status.toLowerCase()}` : "No payment was opened."}
        >
          {payment && (
            <ol className="divide-y divide-slate-100 text-sm" aria-label="Payment history">
              <li className="flex flex-wrap justify-between gap-2 px-4 py-2.5 sm:px-5">
                <span>Opened at the provider</span>
                <LocalTime iso={order.createdAt} className="text-slate-600" />
              </li>
              {payment.history.map((h, i) => (
                <li key={i} className="flex flex-wrap justify-between gap-2 px-4 py-2.5 sm:px-5">
                  <span>
                    <span className="font-medium">{h.source}</span>: {h.status}
                    {h.result ? <span className="text-slate-600"> → {h.result.replace(/_/g, " ").toLowerCase()}</span> : null}
                  </span>
                  <LocalTime iso={h.at} className="text-slate-600" />
                </li>
              ))}
              {payment.nextCheckAt && (
                <li className="px-4 py-2.5 text-slate-600 sm:px-5">
                  Next check by the sync job <LocalTime iso={payment.nextCheckAt} /> (attempt {payment.attempts + 1})
                </li>
              )}
            </ol>
          )}
        </Panel>

        <Panel title="Ledger" description="The stock movements this order caused.">
          <StaticTable
            caption="Ledger rows of this order"
            label="Ledger rows of this order (scrolls sideways)"
            columns={LEDGER_COLUMNS}
            rows={movements}
            rowKey={(m) => m.id}
            empty="None yet: checkout keeps the units held without a ledger row; payment sells them, a cancellation releases them."
          />
        </Panel>
      </div>
    </>
  );
}
