// What a stock badge says, from the stock route's levels: the words are a contract (UI.md).
import type { BadgeTone } from "@/components/ui/badge";
import type { StockLevel, StockState } from "@/lib/api-client/contract";

export type StockSummary = { state: StockState; available: number };

// When a product's variants disagree, the most buyable state speaks for the product.
const precedence: StockState[] = ["in_stock", "low_stock", "out_of_stock", "coming_soon", "unavailable"];

/** One state for a product from its variants' levels; `available` counts the units of that state. */
export function summarizeStock(levels: readonly StockLevel[]): StockSummary {
  for (const state of precedence) {
    const matching = levels.filter((l) => l.state === state);
    if (matching.length > 0) return { state, available: matching.reduce((n, l) => n + l.available, 0) };
  }
  return { state: "unavailable", available: 0 };
}

export function stockLabel({ state, available }: StockSummary): string {
  switch (state) {
    case "in_stock":
      return "In stock";
    case "low_stock":
      return `Only ${available} left`;
    case "out_of_stock":
      return "Sold out";
    case "coming_soon":
      return "Coming soon";
    case "unavailable":
      return "Unavailable";
  }
}

export const stockTone: Record<StockState, BadgeTone> = {
  in_stock: "success",
  low_stock: "warning",
  out_of_stock: "neutral",
  coming_soon: "info",
  unavailable: "muted",
};
