"use client";
// Bulk stock from a CSV: pick a file, check the preview, confirm. The API applies every row or
// none; when it refuses, each bad row's error is shown next to it and nothing has changed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState, type ChangeEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { adminKeys, adminWrites } from "@/lib/api-client/admin";
import { isApiError } from "@/lib/api-client/fetch-json";
import { AdminDialog, DialogActions } from "./admin-dialog";
import { AdminTable, type AdminColumn } from "./admin-table";
import { previewInventoryCsv, type CsvPreview, type CsvPreviewRow } from "./csv-preview";

type Props = { store: string; open: boolean; onOpenChange: (open: boolean) => void; onImported: (message: string) => void };

export function ImportCsvDialog({ store, open, onOpenChange, onImported }: Props) {
  return (
    <AdminDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import CSV"
      size="lg"
      description="Set stock for many items at once. Every row is applied, or none is."
    >
      {open && <ImportCsvForm store={store} onImported={onImported} onCancel={() => onOpenChange(false)} />}
    </AdminDialog>
  );
}

/** A row error as the API reports it in `details.rows`, read leniently. */
export type RowError = { line: number | null; sku: string | null; message: string };

export function readRowErrors(details: Record<string, unknown>): RowError[] {
  const rows = details.rows;
  if (!Array.isArray(rows)) return [];
  return rows.map((r: unknown) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);
    // `line` is the file line (CSV); `row` the 1-based data row, one below the header.
    const row = num(o.row);
    const line = num(o.line) ?? (row !== null && row > 0 ? row + 1 : null);
    const message =
      typeof o.message === "string" ? o.message : typeof o.code === "string" ? o.code : "This row cannot be applied.";
    return { line, sku: typeof o.sku === "string" ? o.sku : null, message };
  });
}

function previewColumns(problemOf: (r: CsvPreviewRow) => string | null): AdminColumn<CsvPreviewRow>[] {
  return [
    { id: "line", header: "Line", numeric: true, cell: (r) => r.line },
    { id: "sku", header: "SKU", className: "whitespace-nowrap font-mono text-[13px]", cell: (r) => r.sku || "—" },
    { id: "stock", header: "New stock", numeric: true, cell: (r) => r.stock || "—" },
    { id: "threshold", header: "Threshold", numeric: true, cell: (r) => r.lowStockThreshold || "—" },
    {
      id: "check",
      header: "Check",
      className: (r) => (problemOf(r) ? "text-red-800" : r.skipped ? "text-slate-600" : "text-emerald-800"),
      cell: (r) => problemOf(r) ?? (r.skipped ? "Skipped: another store's item" : "OK"),
    },
  ];
}

function ImportCsvForm({
  store,
  onImported,
  onCancel,
}: {
  store: string;
  onImported: (m: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [reason, setReason] = useState("CSV import");
  const preview: CsvPreview | null = useMemo(() => (csv === null ? null : previewInventoryCsv(csv)), [csv]);
  const mutation = useMutation({
    mutationFn: (input: { csv: string; reason: string }) => adminWrites.importCsv(store, input),
    onSuccess: (data) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.all(store) });
      onImported(`Imported ${fileName ?? "the CSV"}: ${data.updated} ${data.updated === 1 ? "item" : "items"} updated.`);
    },
  });

  // The server's check of the chosen file (validate-only import, rolled back), debounced: it knows
  // what the client cannot, e.g. that a SKU is unknown.
  const [checkedCsv, setCheckedCsv] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setCheckedCsv(csv), 250);
    return () => clearTimeout(t);
  }, [csv]);
  const validation = useQuery({
    queryKey: [...adminKeys.all(store), "csv-validate", checkedCsv],
    queryFn: () => adminWrites.validateCsv(store, checkedCsv ?? ""),
    enabled: checkedCsv !== null && checkedCsv === csv && preview !== null && preview.problem === null,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
  const serverErrors = isApiError(validation.error) ? readRowErrors(validation.error.details) : [];
  const checking = csv !== null && (checkedCsv !== csv || validation.isFetching);

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    mutation.reset();
    const file = e.target.files?.[0];
    if (!file) {
      setCsv(null);
      setFileName(null);
      return;
    }
    setFileName(file.name);
    setCsv(await file.text());
  }

  const importErrors = isApiError(mutation.error) ? readRowErrors(mutation.error.details) : [];
  const rowErrors = importErrors.length > 0 ? importErrors : serverErrors;
  const errorFor = (line: number, sku: string) =>
    (
      rowErrors.find((r) => r.line === line && (!r.sku || r.sku === sku)) ??
      rowErrors.find((r) => r.line === null && r.sku !== null && r.sku === sku)
    )?.message ?? null;
  // A row's problem: the server's word on it, else the preview's own check.
  const problemOf = (r: CsvPreviewRow) => errorFor(r.line, r.sku) ?? r.problem;
  const localProblems = preview?.rows.filter((r) => r.problem).length ?? 0;
  const toImport = preview?.rows.filter((r) => !r.skipped).length ?? 0;
  // Any refusal from the validate-only import (row errors, or a whole-file error) blocks the import.
  const refused = validation.isError;
  const canImport =
    preview !== null &&
    preview.problem === null &&
    toImport > 0 &&
    reason.trim() !== "" &&
    !mutation.isPending &&
    !checking &&
    !refused;

  return (
    <div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-file`}>CSV file</Label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void pick(e)}
            aria-describedby={`${id}-file-hint`}
            className="mt-1.5 block w-full text-sm text-slate-700 file:mr-3 file:h-9 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:text-sm file:font-medium file:text-ink hover:file:bg-slate-50"
          />
          <p id={`${id}-file-hint`} className="mt-1.5 text-sm text-slate-600">
            Header <code className="rounded bg-slate-100 px-1 font-mono text-xs">sku,stock</code>, optionally{" "}
            <code className="rounded bg-slate-100 px-1 font-mono text-xs">lowStockThreshold</code>.
          </p>
        </div>
        <Field
          id={`${id}-reason`}
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          hint="Saved in the activity log for every row."
        />
      </div>

      {preview?.problem && (
        <Alert tone="error" className="mt-4">
          {preview.problem}
        </Alert>
      )}

      {preview && preview.rows.length > 0 && (
        <div className="mt-4 rounded-lg border border-slate-200">
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2 text-sm">
            <span className="font-medium text-ink">
              Preview: {preview.rows.length} {preview.rows.length === 1 ? "row" : "rows"}
            </span>
            {localProblems > 0 && <span className="text-amber-800">{localProblems} look wrong and will be refused</span>}
            {localProblems === 0 && serverErrors.length > 0 && (
              <span className="text-red-800" role="status">
                The server would refuse {serverErrors.length} {serverErrors.length === 1 ? "row" : "rows"}
              </span>
            )}
            {checking && localProblems === 0 && (
              <span className="text-slate-600" role="status">
                Checking with the server…
              </span>
            )}
          </div>
          <AdminTable
            caption="Rows to import"
            region
            stickyHeader
            wrapClassName="max-h-72 overflow-y-auto"
            columns={previewColumns(problemOf)}
            rows={preview.rows}
            rowKey={(r) => String(r.line)}
            rowClassName={(r) => problemOf(r) && "bg-red-50/60"}
          />
        </div>
      )}

      {mutation.error && (
        <Alert tone="error" className="mt-4" title="Nothing was imported">
          <p>{mutation.error.message}</p>
          {rowErrors.length > 0 && (
            <ul className="mt-2 list-disc space-y-0.5 pl-5">
              {rowErrors.map((r, i) => (
                <li key={i}>
                  {r.line !== null ? `Line ${r.line}` : "A row"}
                  {r.sku ? ` (${r.sku})` : ""}: {r.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}

      <DialogActions>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" disabled={!canImport} onClick={() => csv !== null && mutation.mutate({ csv, reason: reason.trim() })}>
          {mutation.isPending && <Spinner />}
          {toImport > 0 ? `Import ${toImport} ${toImport === 1 ? "row" : "rows"}` : "Import"}
        </Button>
      </DialogActions>
    </div>
  );
}
