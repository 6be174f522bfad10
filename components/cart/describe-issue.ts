// Cart issues in plain words (UI.md): what happened to the line, and what "Fix cart" will do.
import type { CartIssue } from "@/lib/api-client/contract";

export function describeIssue(issue: CartIssue): string {
  switch (issue.code) {
    case "QUANTITY_REDUCED": {
      const left = issue.available ?? 0;
      return `Only ${left} left — we reduced your quantity${issue.requested != null ? ` from ${issue.requested} to ${left}` : ""}.`;
    }
    case "HOLD_EXPIRED":
      return "Your reservation expired. Fix your cart to hold it again while it is still available.";
    case "OUT_OF_STOCK":
      return "Sold out — fixing your cart removes it.";
    case "NOT_AVAILABLE":
      return "No longer available — fixing your cart removes it.";
  }
}
