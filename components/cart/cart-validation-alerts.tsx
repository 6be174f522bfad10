import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import type { CartIssue, CartLine } from "@/lib/api-client/contract";
import { describeIssue } from "./describe-issue";

/** One role="alert" per cart issue, naming the item, plus the one action that fixes them all. */
export function CartValidationAlerts({ issues, lines, action }: { issues: CartIssue[]; lines: CartLine[]; action: ReactNode }) {
  return (
    <div className="space-y-3 rounded-2xl border border-amber-200 bg-amber-50/50 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm font-medium text-amber-950">Some items in your cart changed.</p>
        {action}
      </div>
      <ul className="space-y-2">
        {issues.map((issue) => {
          const line = lines.find((l) => l.variantId === issue.variantId);
          const name = line ? `${line.productTitle}${line.variantTitle ? ` — ${line.variantTitle}` : ""}` : "An item";
          return (
            <li key={`${issue.variantId}-${issue.code}`}>
              <Alert tone={issue.code === "QUANTITY_REDUCED" || issue.code === "HOLD_EXPIRED" ? "warning" : "error"} title={name}>
                {describeIssue(issue)}
              </Alert>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
