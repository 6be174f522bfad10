import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import type { CartIssue, CartLine } from "@/lib/api-client/contract";

/** The cart's lines with their quantity controls and Remove; a line with an issue is marked, the alert says why. */
export function CartLines({
  lines,
  issues,
  currency,
  disabled,
  onQuantity,
}: {
  lines: CartLine[];
  issues: CartIssue[];
  currency: string;
  disabled: boolean;
  onQuantity: (variantId: string, quantity: number) => void;
}) {
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
                      key={line.quantity}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={99}
                      defaultValue={line.quantity}
                      aria-label={`Quantity of ${line.productTitle}${line.variantTitle ? ` (${line.variantTitle})` : ""}`}
                      readOnly={disabled}
                      onKeyDown={(e) => {
                        if (e.key === "Enter") e.currentTarget.blur();
                      }}
                      onBlur={(e) => {
                        if (disabled) return;
                        const n = Number.parseInt(e.currentTarget.value, 10);
                        if (Number.isInteger(n) && n >= 0 && n <= 99 && n !== line.quantity) onQuantity(line.variantId, n);
                        else e.currentTarget.value = String(line.quantity);
                      }}
                      className="h-9 w-12 border-x border-slate-300 bg-white text-center text-sm font-medium tabular [appearance:textfield] disabled:text-slate-500 [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none"
                    />
                    <Button
                      variant="ghost"
                      size="sm"
                      className="w-10 rounded-l-none px-0"
                      aria-label="Increase"
                      aria-describedby={titleId}
                      disabled={disabled || line.quantity >= 99}
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
