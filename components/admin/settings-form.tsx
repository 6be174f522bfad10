"use client";
// The store's reservation rules: how long holds last, how long a payment may take, how often a
// shopper may extend, and the default low-stock threshold. Only changed values are sent.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { adminKeys, adminWrites, settingsQuery } from "@/lib/api-client/admin";
import type { StoreSettingsView } from "@/lib/api-client/admin-contract";
import { LoadingRows, Panel, QueryError } from "./admin-ui";
import { formatSeconds } from "./format";

type Key = keyof StoreSettingsView;

const FIELDS: { key: Key; label: string; min: number; max: number; hint: (v: number) => string }[] = [
  { key: "reservationTtlSeconds", label: "Reservation time (seconds)", min: 10, max: 86_400, hint: (v) => `${formatSeconds(v)}. How long items in a cart stay held for the shopper.` },
  { key: "paymentTimeoutSeconds", label: "Payment timeout (seconds)", min: 60, max: 86_400, hint: (v) => `${formatSeconds(v)}. How long an order may wait for its payment before cleanup cancels it.` },
  { key: "maxHoldExtensions", label: "Extensions allowed", min: 0, max: 10, hint: (v) => `A shopper may renew their holds ${v === 0 ? "never" : v === 1 ? "once" : `${v} times`} ("Keep my items").` },
  { key: "offerTtlSeconds", label: "Waitlist offer time (seconds)", min: 10, max: 86_400, hint: (v) => `${formatSeconds(v)}. How long units offered to the next shopper in line stay held for them.` },
  { key: "lowStockDefault", label: "Default low-stock threshold", min: 0, max: 100_000, hint: (v) => `Items with ${v} or fewer available show "Only N left" and count as low stock, unless they have their own threshold.` },
];

export function SettingsForm({ store }: { store: string }) {
  const query = useQuery(settingsQuery(store));
  return (
    <Panel title="Reservations and stock" description="Apply to new holds and orders; existing ones keep their times.">
      {query.isPending ? (
        <LoadingRows label="Loading settings…" />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <SettingsFields store={store} settings={query.data} />
      )}
    </Panel>
  );
}

function SettingsFields({ store, settings }: { store: string; settings: StoreSettingsView }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Key, string>>(() => ({
    reservationTtlSeconds: String(settings.reservationTtlSeconds),
    paymentTimeoutSeconds: String(settings.paymentTimeoutSeconds),
    maxHoldExtensions: String(settings.maxHoldExtensions),
    lowStockDefault: String(settings.lowStockDefault),
    offerTtlSeconds: String(settings.offerTtlSeconds),
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: (changes: Partial<StoreSettingsView>) => adminWrites.updateSettings(store, changes),
    onSuccess: (data) => {
      queryClient.setQueryData(adminKeys.settings(store), data.settings);
      void queryClient.invalidateQueries({ queryKey: adminKeys.inventory(store) });
      setSaved(true);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setSaved(false);
    mutation.reset();
    const changes: Partial<StoreSettingsView> = {};
    for (const f of FIELDS) {
      const n = Number(values[f.key].trim());
      if (values[f.key].trim() === "" || !Number.isInteger(n) || n < f.min || n > f.max) {
        setProblem(`${f.label.replace(/ \(seconds\)$/, "")} must be a whole number from ${f.min.toLocaleString("en-US")} to ${f.max.toLocaleString("en-US")}.`);
        return;
      }
      if (n !== settings[f.key]) changes[f.key] = n;
    }
    if (Object.keys(changes).length === 0) {
      setProblem("Nothing to save: every value is unchanged.");
      return;
    }
    mutation.mutate(changes);
  }

  return (
    <form onSubmit={submit} className="p-4 sm:p-5" noValidate>
      <div className="grid gap-5 md:grid-cols-2">
        {FIELDS.map((f) => {
          const n = Number(values[f.key]);
          return (
            <Field
              key={f.key}
              id={`setting-${f.key}`}
              label={f.label}
              type="number"
              inputMode="numeric"
              min={f.min}
              max={f.max}
              step={1}
              value={values[f.key]}
              onChange={(e) => {
                setSaved(false);
                setValues((v) => ({ ...v, [f.key]: e.target.value }));
              }}
              hint={Number.isInteger(n) && values[f.key] !== "" ? f.hint(n) : `A whole number from ${f.min} to ${f.max}.`}
            />
          );
        })}
      </div>
      {problem && (
        <Alert tone="error" className="mt-5">
          {problem}
        </Alert>
      )}
      {mutation.error && (
        <Alert tone="error" className="mt-5" title="Not saved">
          {mutation.error.message}
        </Alert>
      )}
      <div className="mt-5 flex items-center gap-3">
        <Button type="submit" size="sm" disabled={mutation.isPending}>
          {mutation.isPending && <Spinner />}
          Save settings
        </Button>
        <p role="status" className="text-sm text-emerald-800">
          {saved ? "Settings saved." : ""}
        </p>
      </div>
    </form>
  );
}
