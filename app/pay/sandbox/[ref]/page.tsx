// The sandbox provider's hosted payment page: the amount, "Pay now" and "Decline"; then back to the
// shop's order page. It stands in for an external provider's checkout, so it reads only the
// sandbox's own books.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { getDb } from "@/lib/db";
import { isSandboxActive } from "@/lib/payments/create-payment-providers";
import { findSandboxPayment } from "@/lib/payments/sandbox/sandbox-books";
import { paymentRefSchema } from "@/lib/payments/schemas";
import { decline, payNow } from "./actions";

export const metadata: Metadata = { title: "Sandbox payment", robots: { index: false } };

type Props = { params: Promise<{ ref: string }> };

const SETTLED: Record<string, { title: string; text: string }> = {
  succeeded: { title: "Payment received", text: "This payment has been made." },
  failed: { title: "Payment declined", text: "This payment was declined." },
  expired: { title: "Payment expired", text: "This payment can no longer be made: its time ran out or the order was cancelled." },
  refunded: { title: "Payment refunded", text: "This payment was refunded." },
};

export default async function SandboxPaymentPage({ params }: Props) {
  const ref = paymentRefSchema.safeParse((await params).ref);
  if (!isSandboxActive() || !ref.success) notFound();
  const payment = await findSandboxPayment({ db: getDb(), now: new Date() }, ref.data);
  if (!payment) notFound();
  const settled = SETTLED[payment.status];

  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-100 px-4 py-12">
      <Card className="w-full max-w-md p-8">
        <p className="text-xs font-semibold uppercase tracking-wider text-slate-500">Sandbox payments · test mode</p>
        <h1 className="mt-2 text-2xl font-semibold text-ink">{settled ? settled.title : "Complete your payment"}</h1>
        <dl className="mt-6 space-y-3 border-y border-slate-200 py-5 text-sm">
          <div className="flex items-baseline justify-between">
            <dt className="text-slate-600">Amount</dt>
            <dd className="text-2xl font-semibold tabular-nums text-ink" data-testid="amount">
              {formatMoney(payment.amountCents, payment.currency)}
            </dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-slate-600">Reference</dt>
            <dd className="truncate font-mono text-xs text-slate-700">{payment.ref}</dd>
          </div>
          {!settled && (
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Pay before</dt>
              <dd className="text-slate-700">
                <LocalTime iso={payment.expiresAt.toISOString()} />
              </dd>
            </div>
          )}
        </dl>
        {settled ? (
          <div className="mt-6 space-y-4">
            <p role="status" className="text-sm text-slate-700">
              {settled.text}
            </p>
            <a href={payment.returnUrl} className={buttonClasses({ variant: "primary", className: "w-full" })}>
              Back to the shop
            </a>
          </div>
        ) : (
          <div className="mt-6 flex flex-col gap-3 sm:flex-row-reverse">
            <form action={payNow.bind(null, payment.ref)} className="flex-1">
              <button type="submit" className={buttonClasses({ variant: "primary", size: "lg", className: "w-full" })}>
                Pay now
              </button>
            </form>
            <form action={decline.bind(null, payment.ref)} className="flex-1">
              <button type="submit" className={buttonClasses({ variant: "secondary", size: "lg", className: "w-full" })}>
                Decline
              </button>
            </form>
          </div>
        )}
        <p className="mt-6 text-xs text-slate-500">
          This page stands in for a payment provider. No card is needed and no money moves.
        </p>
      </Card>
    </main>
  );
}
