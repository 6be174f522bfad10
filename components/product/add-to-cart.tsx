"use client";
// Variant picker, quantity bounded by what can be had, and "Add to cart" whose refusal says why.
import { useId, useState, type ReactNode } from "react";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/components/ui/format";
import { inputClasses, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { LocalTime } from "@/components/ui/local-time";
import { applyCartWrite, cartKeys, cartWrites } from "@/lib/api-client/cart";
import { isApiError } from "@/lib/api-client/fetch-json";
import { stockKeys } from "@/lib/api-client/stock";
import { MAX_LINE_QUANTITY } from "@/lib/constants";
import { useStockLevels } from "./live-stock";
import { StockBadge } from "./stock-badge";

type VariantOption = { id: string; title: string; priceCents: number };

/** Why an add was refused, in the shopper's words. */
function describeAddError(error: unknown): ReactNode {
  if (!isApiError(error)) return "Something went wrong. Please try again.";
  const d = error.details;
  switch (error.code) {
    case "INSUFFICIENT_STOCK": {
      const left = typeof d.available === "number" ? d.available : 0;
      return left <= 0 ? "Sold out — there are none left to add." : `Only ${left} left — you can add up to ${left}.`;
    }
    case "LIMIT_EXCEEDED":
      return typeof d.limit === "number"
        ? `There is a limit of ${d.limit} per customer, counting what is already in your cart.`
        : error.message;
    case "NOT_RELEASED":
      return typeof d.releaseAt === "string" ? (
        <>
          Not released yet — on sale from <LocalTime iso={d.releaseAt} />.
        </>
      ) : (
        error.message
      );
    case "NOT_FOUND":
    case "NOT_AVAILABLE":
      return "This item is no longer available.";
    default:
      return error.message;
  }
}

export function AddToCart({
  store,
  variants,
  currency,
  releaseAt,
  perCustomerLimit,
}: {
  store: string;
  variants: VariantOption[];
  currency: string;
  releaseAt: string | null;
  perCustomerLimit: number | null;
}) {
  const ids = useId();
  const queryClient = useQueryClient();
  const [variantId, setVariantId] = useState(variants[0]?.id ?? "");
  const [quantity, setQuantity] = useState(1);
  const levels = useStockLevels(variants.map((v) => v.id));
  const level = levels.find((l) => l.variantId === variantId);
  const chosen = variants.find((v) => v.id === variantId);
  const available = level?.available ?? 0;
  const max = Math.max(1, Math.min(available, perCustomerLimit ?? MAX_LINE_QUANTITY, MAX_LINE_QUANTITY));
  const shown = Math.min(Math.max(quantity, 1), max);
  const canAdd = level?.state !== "out_of_stock" && level?.state !== "coming_soon" && level?.state !== "unavailable";

  const add = useMutation({
    mutationFn: (input: { variantId: string; quantity: number }) => cartWrites.addItem(store, input),
    onMutate: () => queryClient.cancelQueries({ queryKey: cartKeys.store(store) }),
    onSuccess: (cart) => applyCartWrite(queryClient, store, cart),
    // A refusal usually means the stock moved: refresh the badges now rather than at the next poll.
    onError: () => void queryClient.invalidateQueries({ queryKey: stockKeys.store(store) }),
  });

  function choose(id: string) {
    setVariantId(id);
    add.reset();
  }

  return (
    <form
      className="mt-4 space-y-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ variantId, quantity: shown });
      }}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <p className="text-2xl font-semibold text-ink tabular">{formatMoney(chosen?.priceCents ?? 0, currency)}</p>
        <StockBadge variantIds={[variantId]} releaseAt={releaseAt} size="md" />
      </div>

      {variants.length > 1 && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Option</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {variants.map((v) => {
              const l = levels.find((x) => x.variantId === v.id);
              const out = !l || l.available <= 0;
              return (
                <label key={v.id} className="relative">
                  <input
                    type="radio"
                    name={`${ids}-variant`}
                    value={v.id}
                    checked={v.id === variantId}
                    onChange={() => choose(v.id)}
                    className="peer sr-only"
                  />
                  <span
                    className={cn(
                      "flex h-11 min-w-14 cursor-pointer items-center justify-center rounded-lg border px-4 text-sm font-medium transition-colors",
                      "border-slate-300 bg-white hover:border-slate-500 peer-checked:border-ink peer-checked:bg-ink",
                      "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600",
                      out
                        ? "text-slate-600 line-through decoration-slate-400 peer-checked:text-slate-200"
                        : "text-ink peer-checked:text-white",
                    )}
                  >
                    {v.title}
                    {out && <span className="sr-only"> (sold out)</span>}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      )}

      {/* A quantity is only asked for when it can be added: a sold-out, unreleased or ended variant shows none. */}
      {canAdd && (
        <div>
          <Label htmlFor={`${ids}-qty`}>Quantity</Label>
          <div className="mt-2 flex items-center gap-2">
            <Button
              variant="secondary"
              className="w-11 px-0"
              aria-label="Decrease"
              disabled={shown <= 1}
              onClick={() => setQuantity(shown - 1)}
            >
              <span aria-hidden="true">−</span>
            </Button>
            <input
              id={`${ids}-qty`}
              type="number"
              inputMode="numeric"
              min={1}
              max={max}
              step={1}
              value={shown}
              onChange={(e) => {
                const n = Number.parseInt(e.target.value, 10);
                setQuantity(Number.isFinite(n) ? n : 1);
              }}
              aria-describedby={`${ids}-qty-hint`}
              className={cn(
                inputClasses,
                "w-20 text-center tabular [appearance:textfield] [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none",
              )}
            />
            <Button
              variant="secondary"
              className="w-11 px-0"
              aria-label="Increase"
              disabled={shown >= max}
              onClick={() => setQuantity(shown + 1)}
            >
              <span aria-hidden="true">+</span>
            </Button>
          </div>
          <p id={`${ids}-qty-hint`} className="mt-2 text-sm text-slate-600">
            {level?.state === "coming_soon"
              ? "Not on sale yet"
              : level?.state === "unavailable"
                ? "No longer available"
                : available > 0
                  ? `${available} available`
                  : "None available right now"}
            {perCustomerLimit ? ` · limit ${perCustomerLimit} per customer` : ""}
          </p>
        </div>
      )}

      {!canAdd && perCustomerLimit ? <p className="-mt-2 text-sm text-slate-600">Limit {perCustomerLimit} per customer</p> : null}

      {/* A button that would only be refused says what will happen instead, and cannot be pressed. */}
      {level?.state === "coming_soon" && releaseAt ? (
        <Button type="button" size="lg" className="w-full sm:w-auto sm:min-w-56" disabled>
          Available <LocalTime iso={releaseAt} format="date" />
        </Button>
      ) : level?.state === "out_of_stock" ? (
        <Button type="button" size="lg" className="w-full sm:w-auto sm:min-w-56" disabled>
          Sold out
        </Button>
      ) : level?.state === "unavailable" ? (
        <Button type="button" size="lg" className="w-full sm:w-auto sm:min-w-56" disabled>
          Unavailable
        </Button>
      ) : (
        <Button
          type="submit"
          size="lg"
          className="w-full sm:w-auto sm:min-w-56"
          disabled={add.isPending || !variantId}
          aria-busy={add.isPending}
        >
          {add.isPending && <Spinner />}
          Add to cart
        </Button>
      )}

      {add.isError && <Alert tone="error">{describeAddError(add.error)}</Alert>}
      <div aria-live="polite">
        {add.isSuccess && (
          <div className="flex flex-wrap items-center gap-3 rounded-xl border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
            <span className="flex-1">
              Added to your cart ({add.variables.quantity}
              {variants.length > 1 ? ` × ${variants.find((v) => v.id === add.variables.variantId)?.title ?? ""}` : ""}). We are
              holding it for you.
            </span>
            <Link href={`/${store}/cart`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
              View cart
            </Link>
          </div>
        )}
      </div>
    </form>
  );
}
