"use client";
// Sets one item's stock (and optionally its low-stock threshold) with a reason. The API refuses a
// stock under what is held (409 STOCK_BELOW_RESERVED); the refusal is shown here with its reason.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { adminKeys, adminWrites, type AdjustStockInput } from "@/lib/api-client/admin";
import type { AdminInventoryItem } from "@/lib/api-client/admin-contract";
import { isApiError } from "@/lib/api-client/fetch-json";
import { MAX_STOCK } from "@/lib/constants";
import { AdminDialog, DialogActions } from "./admin-dialog";

type Props = {
  store: string;
  item: AdminInventoryItem | null;
  onOpenChange: (open: boolean) => void;
  onSaved: (message: string) => void;
};

export function AdjustStockDialog({ store, item, onOpenChange, onSaved }: Props) {
  return (
    <AdminDialog
      open={item !== null}
      onOpenChange={onOpenChange}
      title="Adjust stock"
      description={item ? `${item.sku}${item.productTitle ? ` · ${item.productTitle}` : ""}${item.variantTitle ? ` (${item.variantTitle})` : ""}` : undefined}
    >
      {/* Keyed by SKU so each opening starts from a clean form. */}
      {item && <AdjustStockForm key={item.sku} store={store} item={item} onDone={onSaved} onCancel={() => onOpenChange(false)} />}
    </AdminDialog>
  );
}

function AdjustStockForm({ store, item, onDone, onCancel }: { store: string; item: AdminInventoryItem; onDone: (m: string) => void; onCancel: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [localError, setLocalError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (input: AdjustStockInput) => adminWrites.adjustStock(store, input),
    onSuccess: (_data, input) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.all(store) });
      const parts: string[] = [];
      if (input.stock !== undefined) parts.push(`stock set to ${input.stock} (was ${item.stock})`);
      if (input.lowStockThreshold !== undefined) parts.push(`low-stock threshold set to ${input.lowStockThreshold}`);
      onDone(`${item.sku}: ${parts.join(", ")}.`);
    },
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setLocalError(null);
    mutation.reset();
    const form = new FormData(e.currentTarget);
    const stockText = String(form.get("stock") ?? "").trim();
    const thresholdText = String(form.get("threshold") ?? "").trim();
    const reason = String(form.get("reason") ?? "").trim();
    const stock = Number(stockText);
    if (stockText === "" || !Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK) {
      setLocalError(`New stock must be a whole number from 0 to ${MAX_STOCK.toLocaleString("en-US")}.`);
      return;
    }
    const threshold = thresholdText === "" ? undefined : Number(thresholdText);
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 0 || threshold > 100_000)) {
      setLocalError("The low-stock threshold must be a whole number from 0 to 100,000.");
      return;
    }
    if (!reason) {
      setLocalError("Say why the stock changes: the reason goes into the activity log.");
      return;
    }
    const input: AdjustStockInput = { sku: item.sku, reason };
    if (stock !== item.stock) input.stock = stock;
    if (threshold !== undefined && threshold !== item.lowStockThreshold) input.lowStockThreshold = threshold;
    if (input.stock === undefined && input.lowStockThreshold === undefined) {
      setLocalError("Nothing to change: the stock and threshold are what they already are.");
      return;
    }
    mutation.mutate(input);
  }

  const apiError = mutation.error;
  const refusedBelowReserved = isApiError(apiError) && apiError.code === "STOCK_BELOW_RESERVED";

  return (
    <form onSubmit={submit} noValidate>
      <dl className="grid grid-cols-3 gap-2 rounded-lg bg-slate-50 p-3 text-center">
        {[
          ["On hand", item.stock],
          ["Held", item.reserved],
          ["Available", item.available],
        ].map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs font-medium text-slate-600">{label}</dt>
            <dd className="text-lg font-semibold tabular text-ink">{value}</dd>
          </div>
        ))}
      </dl>

      <div className="mt-4 space-y-4">
        <Field
          id={`${id}-stock`}
          name="stock"
          label="New stock"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          required
          defaultValue={item.stock}
          hint={
            item.reserved > 0
              ? `Units on hand after the change. ${item.reserved} ${item.reserved === 1 ? "unit is" : "units are"} held for shoppers, so it can't go below ${item.reserved}.`
              : "Units on hand after the change."
          }
          autoFocus
        />
        <Field
          id={`${id}-reason`}
          name="reason"
          label="Reason"
          required
          maxLength={500}
          placeholder="e.g. Cycle count, damaged in storage, delivery received"
          hint="Saved in the activity log with your name."
        />
        <Field
          id={`${id}-threshold`}
          name="threshold"
          label="Low-stock threshold"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={item.lowStockThreshold}
          hint={item.lowStockThresholdIsDefault ? "Now the store default. Items at or under it show as low stock." : "Items at or under it show as low stock."}
        />
      </div>

      {localError && (
        <Alert tone="error" className="mt-4">
          {localError}
        </Alert>
      )}
      {apiError && (
        <Alert tone="error" className="mt-4" title={refusedBelowReserved ? "Not saved: stock can't go below what is held" : "Not saved"}>
          {apiError.message}
        </Alert>
      )}

      <DialogActions>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={mutation.isPending} aria-busy={mutation.isPending || undefined}>
          {mutation.isPending && <Spinner />}
          Save
        </Button>
      </DialogActions>
    </form>
  );
}
