"use client";
// The waitlist panel of a product page's "Notify me" (notify-me.tsx loads it only when a variant
// can be waited for): the form (Email for guests, Quantity), then the shopper's place in line with
// "Leave the line", or an offer (units held for them) and until when.
import { useId, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses, Label } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/api-client/fetch-json";
import { myWaitlistQuery, waitlistKeys, waitlistWrites, type WaitlistEntryView } from "@/lib/api-client/waitlist";

type VariantOption = { id: string; title: string };

function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

export function WaitlistPanel({
  store,
  variant,
  variants,
  onVariant,
  maxQuantity,
  notYet,
}: {
  store: string;
  variant: VariantOption;
  variants: VariantOption[];
  onVariant: (id: string) => void;
  maxQuantity: number;
  /** A drop before its release (else: sold out). */
  notYet: boolean;
}) {
  const ids = useId();
  const queryClient = useQueryClient();
  const mine = useQuery({ ...myWaitlistQuery(store, variant.id), refetchInterval: 15_000 });
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [quantity, setQuantity] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);
  const key = waitlistKeys.variant(store, variant.id);
  const setEntry = (entry: WaitlistEntryView) =>
    queryClient.setQueryData(key, (old: { items: WaitlistEntryView[]; signedIn: boolean } | undefined) => ({
      signedIn: old?.signedIn ?? false,
      items: entry.status === "WAITING" || entry.status === "OFFERED" ? [entry] : [],
    }));

  const join = useMutation({
    mutationFn: () =>
      waitlistWrites.join(store, { variantId: variant.id, quantity, ...(mine.data?.signedIn ? {} : { email: email.trim() }) }),
    onSuccess: ({ entry }) => {
      setOpen(false);
      setEntry(entry);
    },
    onError: (e) => {
      // Already in line (another tab): show that entry.
      if (isApiError(e) && e.code === "CONFLICT" && e.details.entry) setEntry(e.details.entry as WaitlistEntryView);
    },
  });
  const leave = useMutation({
    mutationFn: (id: string) => waitlistWrites.leave(store, id),
    onSuccess: ({ entry }) => setEntry(entry),
  });

  const entry = mine.data?.items[0];
  const signedIn = mine.data?.signedIn ?? false;

  if (entry) {
    return (
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p role="status" className="text-sm text-slate-800">
          {entry.status === "OFFERED" ? (
            <>
              <span className="font-semibold text-ink">Good news: {entry.offeredQuantity ?? entry.quantity} held for you</span>
              {entry.offerExpiresAt && (
                <>
                  {" "}
                  until <LocalTime iso={entry.offerExpiresAt} />
                </>
              )}
              . Use the link in your email to claim {entry.offeredQuantity === 1 ? "it" : "them"}.
            </>
          ) : (
            <>
              <span className="font-semibold text-ink">You are {ordinal(entry.position ?? 1)} in line</span> for {entry.quantity}
              {variants.length > 1 || variant.title ? ` × ${variant.title}` : ""}. We will email you the moment{" "}
              {entry.quantity === 1 ? "one comes" : "they come"} back.
            </>
          )}
        </p>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => leave.mutate(entry.id)}
          disabled={leave.isPending}
          aria-busy={leave.isPending}
        >
          {leave.isPending && <Spinner />}
          {entry.status === "OFFERED" ? "Pass it to the next in line" : "Leave the line"}
        </Button>
        {leave.isError && <Alert tone="error">{leave.error.message}</Alert>}
      </div>
    );
  }

  if (!open) {
    return (
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-700">
          {notYet ? (
            <>
              <span className="font-semibold text-ink">Not on sale yet.</span> Join the line: when it is, units go to the first in
              line, and we email you when yours are held.
            </>
          ) : (
            <>
              <span className="font-semibold text-ink">Sold out for now.</span> Join the line: units that come back go to the
              first in line, and we email you when yours are held.
            </>
          )}
        </p>
        <Button className="shrink-0" onClick={() => setOpen(true)} disabled={mine.isPending}>
          Notify me
        </Button>
      </div>
    );
  }

  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        if (!signedIn && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
          setProblem("Enter a valid email address.");
          return;
        }
        join.mutate();
      }}
    >
      <h2 className="text-sm font-semibold text-ink">{notYet ? "Notify me when it is on sale" : "Notify me when it is back"}</h2>
      {variants.length > 1 && (
        <div>
          <Label htmlFor={`${ids}-variant`}>Option</Label>
          <select
            id={`${ids}-variant`}
            className={cn(inputClasses, "mt-1.5 w-full")}
            value={variant.id}
            onChange={(e) => onVariant(e.target.value)}
          >
            {variants.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        {!signedIn && (
          <div>
            <Label htmlFor={`${ids}-email`}>Email</Label>
            <input
              id={`${ids}-email`}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                setProblem(null);
              }}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${ids}-problem` : undefined}
              className={cn(inputClasses, "mt-1.5 w-full")}
            />
          </div>
        )}
        <div>
          <Label htmlFor={`${ids}-qty`}>Quantity</Label>
          <select
            id={`${ids}-qty`}
            className={cn(inputClasses, "mt-1.5 w-full")}
            value={quantity}
            onChange={(e) => setQuantity(Number(e.target.value))}
          >
            {Array.from({ length: maxQuantity }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && (
        <p id={`${ids}-problem`} className="text-sm text-red-700">
          {problem}
        </p>
      )}
      {join.isError && !(isApiError(join.error) && join.error.code === "CONFLICT") && (
        <Alert tone="error">
          {isApiError(join.error) && join.error.code === "IN_STOCK"
            ? "Good news: it is back in stock. Add it to your cart above."
            : join.error.message}
        </Alert>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={join.isPending} aria-busy={join.isPending}>
          {join.isPending && <Spinner />}
          Join the line
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
