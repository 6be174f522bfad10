"use client";
// The open cart: it polls the server so lapsed holds surface by themselves, counts down the hold,
// and routes every change through the cart API (the server's cart is the only state).
import { useEffect, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { formatMoney } from "@/components/ui/format";
import { Spinner } from "@/components/ui/spinner";
import { useNow } from "@/components/ui/use-now";
import { applyCartWrite, CART_POLL_MS, cartKeys, cartQuery, cartWrites, checkout } from "@/lib/api-client/cart";
import type { Cart } from "@/lib/api-client/contract";
import { isApiError } from "@/lib/api-client/fetch-json";
import { checkoutEmailSchema } from "@/lib/orders/response-schemas";
import { CartLines } from "./cart-lines";
import { CartValidationAlerts } from "./cart-validation-alerts";
import { HoldCountdown } from "./hold-countdown";

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function CartView({
  store,
  initialCart,
  serverNow,
  guest = false,
}: {
  store: string;
  initialCart: Cart;
  serverNow: number;
  /** A guest is asked for an email for the receipt and the order link. */
  guest?: boolean;
}) {
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { data: cart } = useQuery({
    ...cartQuery(store),
    initialData: initialCart,
    refetchInterval: CART_POLL_MS,
    refetchIntervalInBackground: false,
  });
  const now = useNow(serverNow);

  const expiresAtMs = cart.expiresAt ? new Date(cart.expiresAt).getTime() : null;
  const holding = expiresAtMs !== null && expiresAtMs > now;
  const lapsed = expiresAtMs !== null && expiresAtMs <= now;

  // The moment the countdown hits zero, ask the server what became of the holds (no waiting for the next poll).
  useEffect(() => {
    if (lapsed) void queryClient.invalidateQueries({ queryKey: cartKeys.store(store) });
  }, [lapsed, queryClient, store]);

  // A poll already on its way could land after a write's answer and show the cart from before it.
  const beforeWrite = () => queryClient.cancelQueries({ queryKey: cartKeys.store(store) });
  const onCart = (next: Cart) => applyCartWrite(queryClient, store, next);
  const [lineNote, setLineNote] = useState<{ variantId: string; message: string } | null>(null);
  const change = useMutation({
    mutationFn: (input: { variantId: string; quantity: number }) =>
      input.quantity === 0 ? cartWrites.removeItem(store, input.variantId) : cartWrites.setQuantity(store, input),
    onMutate: beforeWrite,
    onSuccess: onCart,
    // A refused change is said on its own line, naming the product; the box shows the real quantity again.
    onError: (error, input) => {
      const line = cart.lines.find((l) => l.variantId === input.variantId);
      if (!line || !isApiError(error)) return;
      const left = typeof error.details.available === "number" ? error.details.available : null;
      const message =
        error.code === "INSUFFICIENT_STOCK" && left !== null
          ? left > 0
            ? `Only ${left} left of ${line.productTitle} — your quantity stays at ${line.quantity}.`
            : `${line.productTitle} is sold out — your quantity stays at ${line.quantity}.`
          : error.code === "LIMIT_EXCEEDED" && typeof error.details.limit === "number"
            ? `${line.productTitle} has a limit of ${error.details.limit} per customer — your quantity stays at ${line.quantity}.`
            : `${line.productTitle}: ${error.message}`;
      setLineNote({ variantId: line.variantId, message });
      void queryClient.invalidateQueries({ queryKey: cartKeys.store(store) });
    },
  });
  const extend = useMutation({ mutationFn: () => cartWrites.extend(store), onMutate: beforeWrite, onSuccess: onCart });
  const fix = useMutation({ mutationFn: () => cartWrites.fix(store), onMutate: beforeWrite, onSuccess: onCart });
  const pay = useMutation({
    mutationFn: (input: { key: string; email?: string }) => checkout(store, input.key, input.email ? { email: input.email } : {}),
    onSuccess: ({ order, payment }) => {
      // Off to the payment provider's page; without one (nothing to pay there), straight to the order.
      window.location.assign(payment.redirectUrl ?? `/${store}/orders/${order.id}`);
    },
    onError: (error) => {
      // The cart changed under us: show its issues.
      if (isApiError(error) && error.code === "CART_INVALID")
        void queryClient.invalidateQueries({ queryKey: cartKeys.store(store) });
    },
  });

  const busy = change.isPending || extend.isPending || fix.isPending || pay.isPending || pay.isSuccess;
  const hasIssues = cart.issues.length > 0;
  const itemCount = cart.lines.reduce((n, l) => n + l.quantity, 0);
  // A refused line change is told on its line (lineNote), not up here.
  const failure = [extend, fix, pay].find((m) => m.isError)?.error ?? (change.isError && !lineNote ? change.error : undefined);

  if (cart.lines.length === 0) {
    return (
      <Card className="px-6 py-16 text-center">
        <h2 className="text-lg font-semibold">Your cart is empty</h2>
        <p className="mt-2 text-slate-600">Items you add are held for you for a while, so nobody else can take them.</p>
        <Link href={`/${store}`} className={buttonClasses({ className: "mt-6" })}>
          Continue shopping
        </Link>
      </Card>
    );
  }

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem] lg:items-start">
      <section aria-labelledby="cart-lines-heading" className="space-y-4">
        <h2 id="cart-lines-heading" className="sr-only">
          Items
        </h2>
        {hasIssues && (
          <CartValidationAlerts
            issues={cart.issues}
            lines={cart.lines}
            action={
              <Button variant="primary" size="sm" onClick={() => fix.mutate()} disabled={busy} aria-busy={fix.isPending}>
                {fix.isPending && <Spinner />}
                Fix cart
              </Button>
            }
          />
        )}
        {failure !== undefined && failure !== null && (
          <Alert tone="error">{isApiError(failure) ? failure.message : "Something went wrong. Please try again."}</Alert>
        )}
        <CartLines
          lines={cart.lines}
          issues={cart.issues}
          currency={cart.currency}
          disabled={busy}
          lineNote={lineNote}
          onQuantity={(variantId, quantity) => {
            setLineNote(null);
            change.mutate({ variantId, quantity });
          }}
        />
      </section>

      <aside aria-labelledby="cart-summary-heading" className="lg:sticky lg:top-24">
        <Card className="p-6">
          <h2 id="cart-summary-heading" className="text-lg font-semibold">
            Summary
          </h2>
          <dl className="mt-4 space-y-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600">
                {itemCount} {itemCount === 1 ? "item" : "items"}
              </dt>
              <dd className="tabular">{formatMoney(cart.subtotalCents, cart.currency)}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600">Shipping</dt>
              <dd className="text-slate-600">Free</dd>
            </div>
            <div className="flex justify-between border-t border-slate-200 pt-3 text-base font-semibold">
              <dt>Subtotal</dt>
              <dd className="tabular">{formatMoney(cart.subtotalCents, cart.currency)}</dd>
            </div>
          </dl>

          {holding && cart.expiresAt && (
            <div className="mt-5 rounded-xl bg-slate-50 p-4 text-sm">
              <HoldCountdown expiresAt={cart.expiresAt} now={now} />
              <p className="mt-1 text-slate-600">Your items are set aside for you until then.</p>
              {cart.extensionsLeft > 0 && (
                <Button
                  variant="secondary"
                  size="sm"
                  className="mt-3 w-full"
                  onClick={() => extend.mutate()}
                  disabled={busy}
                  aria-busy={extend.isPending}
                >
                  {extend.isPending && <Spinner />}
                  Keep my items
                </Button>
              )}
            </div>
          )}

          {guest && (
            <div className="mt-6">
              <Label htmlFor="checkout-email">Email</Label>
              <Input
                id="checkout-email"
                type="email"
                autoComplete="email"
                inputMode="email"
                className="mt-1.5 w-full"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-invalid={emailError ? true : undefined}
                aria-describedby={emailError ? "checkout-email-error" : "checkout-email-hint"}
                required
              />
              {emailError ? (
                <p id="checkout-email-error" className="mt-1.5 text-sm font-medium text-red-700">
                  {emailError}
                </p>
              ) : (
                <p id="checkout-email-hint" className="mt-1.5 text-sm text-slate-600">
                  For your receipt and a link back to your order.
                </p>
              )}
            </div>
          )}
          <Button
            size="lg"
            className="mt-6 w-full"
            disabled={hasIssues || busy}
            aria-busy={pay.isPending}
            onClick={() => {
              if (!guest) return pay.mutate({ key: newIdempotencyKey() });
              // The route's own rule, checked here first so the shopper hears it before leaving.
              const parsed = checkoutEmailSchema.safeParse(email);
              if (!parsed.success) {
                setEmailError(parsed.error.issues[0]?.message ?? "Enter a valid email address.");
                document.getElementById("checkout-email")?.focus();
                return;
              }
              setEmailError(null);
              pay.mutate({ key: newIdempotencyKey(), email: parsed.data });
            }}
          >
            {(pay.isPending || pay.isSuccess) && <Spinner />}
            Checkout
          </Button>
          {hasIssues && <p className="mt-2 text-center text-sm text-slate-600">Fix your cart to check out.</p>}
          <Link href={`/${store}`} className="mt-4 block text-center text-sm font-medium text-brand-700 hover:underline">
            Continue shopping
          </Link>
        </Card>
      </aside>
    </div>
  );
}
