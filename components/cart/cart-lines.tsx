"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import type { CartIssue, CartLine } from "@/lib/api-client/contract";
import { MAX_LINE_QUANTITY } from "@/lib/constants";

/** The cart's lines with their quantity controls and Remove; a line with an issue is marked, the alert says why. */
export function CartLines({
  lines,
  issues,
  currency,
  disabled,
  onQuantity,
  lineNote,
}: {
  lines: CartLine[];
  issues: CartIssue[];
  currency: string;
  disabled: boolean;
  onQuantity: (variantId: string, quantity: number) => void;
  /** A refusal of this line's last change, said on the line itself (from the server). */
  lineNote?: { variantId: string; message: string } | null;
}) {
  // What the shopper typed, until the cart answers; a number over what can be had is corrected here.
  // A draft counts only against the quantity and the refusal it was typed at: once the cart answers
  // (a new quantity, or a refusal), the box shows the cart's quantity again.
  const [drafts, setDrafts] = useState<Record<string, { value: string; base: number; note: string | null }>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const currentNote = lineNote?.message ?? null;
  const draftOf = (line: CartLine) => {
    const d = drafts[line.variantId];
    return d && d.base === line.quantity && d.note === currentNote ? d.value : String(line.quantity);
  };
  const setDraft = (line: CartLine, value: string) =>
    setDrafts((d) => ({ ...d, [line.variantId]: { value, base: line.quantity, note: currentNote } }));
  const noteOf = (line: CartLine) => (lineNote?.variantId === line.variantId ? lineNote.message : notes[line.variantId]);

  function commit(line: CartLine, raw: string) {
    const n = Number.parseInt(raw, 10);
    const most = Math.min(MAX_LINE_QUANTITY, Math.max(line.available, 0));
    if (!Number.isInteger(n) || n < 0) {
      setDraft(line, String(line.quantity));
      return;
    }
    let wanted = Math.min(n, MAX_LINE_QUANTITY);
    if (wanted > most && wanted > line.quantity) {
      wanted = Math.max(most, 0);
      setNotes((x) => ({
        ...x,
        [line.variantId]:
          most > 0
            ? `Only ${most} left of ${line.productTitle} — your quantity is now ${most}.`
            : `${line.productTitle} is sold out — none can be held.`,
      }));
    } else setNotes(({ [line.variantId]: _gone, ...rest }) => rest);
    setDraft(line, String(wanted));
    if (wanted !== line.quantity) onQuantity(line.variantId, wanted);
  }

  return (
    <Card>
      <ul className="divide-y divide-slate-200">
        {lines.map((line) => {
          const titleId = `line-${line.variantId}`;
          const flagged = issues.some((i) => i.variantId === line.variantId);
          return (
            <li key={line.variantId} className="flex gap-4 p-4 sm:gap-5 sm:p-5">
              <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <h3 id={titleId} className="font-medium text-ink">
                    {line.productTitle}
                  </h3>
                  {line.variantTitle && <p className="text-sm text-slate-600">{line.variantTitle}</p>}
                  <p className="mt-1 text-sm text-slate-600 tabular">{formatMoney(line.unitPriceCents, currency)} each</p>
                  {noteOf(line) && (
                    <p role="alert" className="mt-1 text-sm font-medium text-red-800">
                      {noteOf(line)}
                    </p>
                  )}
                  {flagged && line.held < line.quantity && (
                    <p className="mt-1 text-sm font-medium text-amber-900">
                      {line.held > 0 ? `${line.held} of ${line.quantity} held` : "Not held"}
                    </p>
                  )}
                </div>
                <div className="flex items-center justify-between gap-4 sm:flex-col sm:items-end">
                  <div
                    role="group"
                    aria-labelledby={titleId}
                    className="flex items-center overflow-hidden rounded-lg border border-slate-300 bg-white"
                  >
                    <Button
                      variant="ghost"
                      size="sm"
                      className="w-10 rounded-r-none px-0"
                      aria-label="Decrease"
                      aria-describedby={titleId}
                      disabled={disabled || line.quantity <= 1}
                      onClick={() => onQuantity(line.variantId, line.quantity - 1)}
                    >
                      <span aria-hidden="true">−</span>
                    </Button>
                    <input
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={Math.min(MAX_LINE_QUANTITY, Math.max(line.available, line.quantity))}
                      value={draftOf(line)}
                      onChange={(e) => setDraft(line, e.currentTarget.value)}
                      aria-label={`Quantity of ${line.productTitle}${line.variantTitle ? ` (${line.variantTitle})` : ""}`}
                      readOnly={disabled}
                      onKeyDown={(e) => {
                        if (e.key === "Enter") e.currentTarget.blur();
                      }}
                      onBlur={(e) => {
                        if (disabled) return;
                        commit(line, e.currentTarget.value);
                      }}
                      className="h-9 w-12 border-x border-slate-300 bg-white text-center text-sm font-medium tabular [appearance:textfield] disabled:text-slate-500 [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none"
                    />
                    <Button
                      variant="ghost"
                      size="sm"
                      className="w-10 rounded-l-none px-0"
                      aria-label="Increase"
                      aria-describedby={titleId}
                      // + stops at the most that can be held for this line (its own hold plus what is free).
                      disabled={disabled || line.quantity >= Math.min(MAX_LINE_QUANTITY, line.available)}
                      onClick={() => onQuantity(line.variantId, line.quantity + 1)}
                    >
                      <span aria-hidden="true">+</span>
                    </Button>
                  </div>
                  <div className="flex items-center gap-3">
                    <p className="font-semibold tabular">{formatMoney(line.unitPriceCents * line.quantity, currency)}</p>
                    <Button
                      variant="danger"
                      size="sm"
                      aria-describedby={titleId}
                      disabled={disabled}
                      onClick={() => onQuantity(line.variantId, 0)}
                    >
                      Remove
                    </Button>
                  </div>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
