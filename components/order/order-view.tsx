"use client";
// An order with a status heading that follows the payment by itself while it is being settled.
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import type { Order } from "@/lib/api-client/contract";
import { applyCartWrite } from "@/lib/api-client/cart";
import { isApiError } from "@/lib/api-client/fetch-json";
import { ORDER_POLL_MS, orderQuery, putOrderBack, type PutBackResponse } from "@/lib/api-client/orders";

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

export function OrderView({
  store,
  initialOrder,
  orderLink = null,
  linkKey = null,
}: {
  store: string;
  initialOrder: Order;
  /** The order page's signed URL (shown once paid, so the shopper can come back from anywhere). */
  orderLink?: string | null;
  /** The key this page was opened with, if any (passed on to the order's API calls). */
  linkKey?: string | null;
}) {
  const { data: order } = useQuery({
    ...orderQuery(store, initialOrder.id, linkKey),
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

      {order.status === "CANCELLED" && <PutBack store={store} orderId={order.id} linkKey={linkKey} />}

      {order.status === "PAID" && orderLink && (
        <Card className="mt-6 p-5">
          <h2 className="font-semibold">Come back to this order</h2>
          <p className="mt-1 text-sm text-slate-700">
            {order.email ? <>We sent this link to {order.email}. </> : null}
            Keep it to see this order from any device; anyone with the link can see it.
          </p>
          <a href={orderLink} className="mt-2 block break-all text-sm font-medium text-brand-700 underline underline-offset-2">
            Link to this order
          </a>
        </Card>
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
        {order.email && (
          <div>
            <dt className="inline">Contact </dt>
            <dd className="inline">{order.email}</dd>
          </div>
        )}
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

/** "Put these back in my cart": holds what can be had again, says what cannot, then off to the cart. */
function PutBack({ store, orderId, linkKey }: { store: string; orderId: string; linkKey: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<PutBackResponse | null>(null);
  const put = useMutation({
    mutationFn: () => putOrderBack(store, orderId, linkKey),
    onSuccess: (r) => {
      applyCartWrite(queryClient, store, r.cart);
      if (r.notes.length === 0) router.push(`/${store}/cart`);
      else setResult(r);
    },
  });
  if (result) {
    const back = result.cart.lines.length > 0;
    return (
      <div className="mt-6 space-y-3">
        {result.notes.map((n) => (
          <Alert key={n.variantId} tone={n.held > 0 ? "warning" : "error"}>
            {n.message}
          </Alert>
        ))}
        {back && (
          <Link href={`/${store}/cart`} className={buttonClasses({})}>
            Go to your cart
          </Link>
        )}
      </div>
    );
  }
  return (
    <div className="mt-6 space-y-3">
      <Button onClick={() => put.mutate()} disabled={put.isPending} aria-busy={put.isPending}>
        {put.isPending && <Spinner />}
        Put these back in my cart
      </Button>
      {put.isError && <Alert>{isApiError(put.error) ? put.error.message : "Something went wrong. Please try again."}</Alert>}
    </div>
  );
}
