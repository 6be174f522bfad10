"use client";
// An order with a status heading that follows the payment by itself while it is being settled.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import type { Order } from "@/lib/api-client/contract";
import { ORDER_POLL_MS, orderQuery } from "@/lib/api-client/orders";

type StatusView = { heading: string; tone: BadgeTone; text: string };

function statusView(order: Order): StatusView {
  switch (order.status) {
    case "PENDING_PAYMENT":
      return {
        heading: "Awaiting payment",
        tone: "info",
        text: "Your items are reserved while the payment is confirmed. This page updates by itself.",
      };
    case "PAID":
      return { heading: "Paid", tone: "success", text: "Thank you! Your payment went through and your items are yours." };
    case "CANCELLED":
      if (order.cancelReason === "PAYMENT_FAILED")
        return {
          heading: "Payment failed",
          tone: "danger",
          text: "The payment did not go through, so nothing was charged. Your items went back on the shelf.",
        };
      if (order.cancelReason === "PAYMENT_TIMEOUT")
        return {
          heading: "Cancelled",
          tone: "neutral",
          text: "The payment was not completed in time, so the order was cancelled and nothing was charged.",
        };
      return { heading: "Cancelled", tone: "neutral", text: "This order was cancelled. Nothing was charged." };
  }
}

export function OrderView({ store, initialOrder }: { store: string; initialOrder: Order }) {
  const { data: order } = useQuery({
    ...orderQuery(store, initialOrder.id),
    initialData: initialOrder,
    refetchInterval: (query) => (query.state.data?.status === "PENDING_PAYMENT" ? ORDER_POLL_MS : false),
    refetchIntervalInBackground: false,
  });
  const view = statusView(order);
  return (
    <div className="mx-auto max-w-2xl">
      <p className="text-sm font-medium text-slate-600">Order #{order.number}</p>
      <div aria-live="polite">
        <h1 className="mt-1 text-3xl font-semibold tracking-tight sm:text-4xl">{view.heading}</h1>
        <p className="mt-3 text-slate-700">{view.text}</p>
      </div>
      {order.status === "PENDING_PAYMENT" && (
        <div className="mt-4 flex flex-wrap items-center gap-4">
          {order.payment?.redirectUrl && (
            <a href={order.payment.redirectUrl} className={buttonClasses({})}>
              Complete payment
            </a>
          )}
          <p className="text-sm text-slate-600">
            Pay by <LocalTime iso={order.paymentDeadline} format="time" /> to keep your items.
          </p>
        </div>
      )}

      <Card className="mt-8">
        <div className="flex items-center justify-between border-b border-slate-200 px-6 py-4">
          <h2 className="font-semibold">Items</h2>
          <Badge tone={view.tone} aria-hidden="true">
            {view.heading}
          </Badge>
        </div>
        <ul className="divide-y divide-slate-200">
          {order.lines.map((line, i) => (
            <li key={`${line.variantId}-${i}`} className="flex items-start justify-between gap-4 px-6 py-4 text-sm">
              <div>
                <p className="font-medium text-ink">{line.productTitle}</p>
                <p className="text-slate-600">
                  {line.variantTitle} · {line.quantity} × {formatMoney(line.unitPriceCents, order.currency)}
                </p>
              </div>
              <p className="font-medium tabular">{formatMoney(line.lineTotalCents, order.currency)}</p>
            </li>
          ))}
        </ul>
        <div className="flex justify-between border-t border-slate-200 px-6 py-4 text-base font-semibold">
          <span>Total</span>
          <span className="tabular">{formatMoney(order.totalCents, order.currency)}</span>
        </div>
      </Card>

      <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-2 text-sm text-slate-600 sm:grid-cols-2">
        <div>
          <dt className="inline">Placed </dt>
          <dd className="inline">
            <LocalTime iso={order.createdAt} />
          </dd>
        </div>
        {order.paidAt && (
          <div>
            <dt className="inline">Paid </dt>
            <dd className="inline">
              <LocalTime iso={order.paidAt} />
            </dd>
          </div>
        )}
      </dl>

      <Link href={`/${store}`} className={buttonClasses({ variant: "secondary", className: "mt-8" })}>
        Continue shopping
      </Link>
    </div>
  );
}
