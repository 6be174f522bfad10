// An order as its store's admins see it: lines, the holds behind it and their deadlines, the
// payment with its provider reference and what the webhooks and the sync job heard, the ledger
// rows it caused, and "Cancel order" while it awaits payment. The same domain call as
// GET admin/orders/{id}.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader, Panel, tableClasses } from "@/components/admin/admin-ui";
import { CancelOrderAction } from "@/components/admin/cancel-order-action";
import { formatDelta } from "@/components/admin/format";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
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
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Lines" description={`Total ${formatMoney(order.totalCents, order.currency)}`}>
          <div className={tableClasses.wrap} tabIndex={0} role="group" aria-label="Order lines (scrolls sideways)">
            <table className={tableClasses.table}>
              <caption className="sr-only">Order lines</caption>
              <thead className={tableClasses.thead}>
                <tr>
                  <th scope="col" className={tableClasses.th}>SKU</th>
                  <th scope="col" className={tableClasses.th}>Product</th>
                  <th scope="col" className={tableClasses.thNum}>Quantity</th>
                  <th scope="col" className={tableClasses.thNum}>Amount</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l, i) => (
                  <tr key={`${l.variantId}-${i}`} className={tableClasses.tr}>
                    <td className={cn(tableClasses.td, "font-mono text-xs")}>{l.sku}</td>
                    <td className={tableClasses.td}>
                      {l.productTitle}
                      {l.variantTitle ? <span className="text-slate-600"> · {l.variantTitle}</span> : null}
                    </td>
                    <td className={tableClasses.tdNum}>{l.quantity}</td>
                    <td className={tableClasses.tdNum}>{formatMoney(l.lineTotalCents, order.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>

        <Panel title="Holds" description={order.status === "PENDING_PAYMENT" ? <>Payment deadline <LocalTime iso={order.paymentDeadline} /></> : "The units this order held."}>
          <div className={tableClasses.wrap} tabIndex={0} role="group" aria-label="Holds of this order (scrolls sideways)">
            <table className={tableClasses.table}>
              <caption className="sr-only">Holds of this order</caption>
              <thead className={tableClasses.thead}>
                <tr>
                  <th scope="col" className={tableClasses.th}>SKU</th>
                  <th scope="col" className={tableClasses.thNum}>Quantity</th>
                  <th scope="col" className={tableClasses.th}>Status</th>
                  <th scope="col" className={tableClasses.th}>Deadline</th>
                </tr>
              </thead>
              <tbody>
                {holds.map((h) => (
                  <tr key={h.id} className={tableClasses.tr}>
                    <td className={cn(tableClasses.td, "font-mono text-xs")}>{h.sku}</td>
                    <td className={tableClasses.tdNum}>{h.quantity}</td>
                    <td className={tableClasses.td}>
                      <Badge tone={h.status === "ACTIVE" ? "info" : h.status === "SOLD" ? "success" : "muted"}>{h.status.toLowerCase()}</Badge>
                    </td>
                    <td className={cn(tableClasses.td, "whitespace-nowrap")}>
                      <LocalTime iso={h.expiresAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
          <div className={tableClasses.wrap} tabIndex={0} role="group" aria-label="Ledger rows of this order (scrolls sideways)">
            <table className={tableClasses.table}>
              <caption className="sr-only">Ledger rows of this order</caption>
              <thead className={tableClasses.thead}>
                <tr>
                  <th scope="col" className={tableClasses.th}>When</th>
                  <th scope="col" className={tableClasses.th}>SKU</th>
                  <th scope="col" className={tableClasses.th}>Kind</th>
                  <th scope="col" className={tableClasses.thNum}>Stock</th>
                  <th scope="col" className={tableClasses.thNum}>Reserved</th>
                  <th scope="col" className={tableClasses.th}>By</th>
                </tr>
              </thead>
              <tbody>
                {movements.map((m) => (
                  <tr key={m.id} className={tableClasses.tr}>
                    <td className={cn(tableClasses.td, "whitespace-nowrap")}>
                      <LocalTime iso={m.createdAt} format="time" />
                    </td>
                    <td className={cn(tableClasses.td, "font-mono text-xs")}>{m.sku}</td>
                    <td className={tableClasses.td}>{m.kind.toLowerCase()}</td>
                    <td className={tableClasses.tdNum}>{formatDelta(m.stockDelta)}</td>
                    <td className={tableClasses.tdNum}>{formatDelta(m.reservedDelta)}</td>
                    <td className={cn(tableClasses.td, "text-slate-700")}>{m.actor ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
    </>
  );
}
