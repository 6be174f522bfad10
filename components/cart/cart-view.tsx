"use client";
// The open cart: it polls the server so lapsed holds surface by themselves, counts down the hold,
// and routes every change through the cart API (the server's cart is the only state).
import { useEffect } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { Spinner } from "@/components/ui/spinner";
import { useNow } from "@/components/ui/use-now";
import { applyCartWrite, CART_POLL_MS, cartKeys, cartQuery, cartWrites, checkout } from "@/lib/api-client/cart";
import type { Cart } from "@/lib/api-client/contract";
import { isApiError } from "@/lib/api-client/fetch-json";
import { CartLines } from "./cart-lines";
import { CartValidationAlerts } from "./cart-validation-alerts";
import { HoldCountdown } from "./hold-countdown";

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function CartView({ store, initialCart, serverNow }: { store: string; initialCart: Cart; serverNow: number }) {
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
  const change = useMutation({
    mutationFn: (input: { variantId: string; quantity: number }) =>
      input.quantity === 0 ? cartWrites.removeItem(store, input.variantId) : cartWrites.setQuantity(store, input),
    onMutate: beforeWrite,
    onSuccess: onCart,
  });
  const extend = useMutation({ mutationFn: () => cartWrites.extend(store), onMutate: beforeWrite, onSuccess: onCart });
  const fix = useMutation({ mutationFn: () => cartWrites.fix(store), onMutate: beforeWrite, onSuccess: onCart });
  const pay = useMutation({
    mutationFn: (key: string) => checkout(store, key),
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
  const failure = [change, extend, fix, pay].find((m) => m.isError)?.error;

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
          onQuantity={(variantId, quantity) => change.mutate({ variantId, quantity })}
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

          <Button
            size="lg"
            className="mt-6 w-full"
            disabled={hasIssues || busy}
            aria-busy={pay.isPending}
            onClick={() => pay.mutate(newIdempotencyKey())}
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
