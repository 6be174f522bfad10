// How an inventory item's state reads in the dashboard: the same words everywhere.
import { Badge, type BadgeTone } from "@/components/ui/badge";

const states: Record<string, { label: string; tone: BadgeTone; rank: number }> = {
  out_of_stock: { label: "Out of stock", tone: "danger", rank: 0 },
  low_stock: { label: "Low stock", tone: "warning", rank: 1 },
  in_stock: { label: "In stock", tone: "success", rank: 2 },
  // A drop before its release: not for sale yet, whatever its stock.
  coming_soon: { label: "Coming soon", tone: "info", rank: 3 },
};

export function stockStateRank(state: string): number {
  return states[state]?.rank ?? 4;
}

export function StockStateBadge({ state }: { state: string }) {
  const s = states[state] ?? { label: state.replace(/_/g, " "), tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export const SHARED_EXPLANATION =
  "Listed from a supplier store: the units are shared, and only the supplier can change their stock.";

export function SharedBadge() {
  return (
    <Badge tone="info" dot={false} title={SHARED_EXPLANATION}>
      Shared
    </Badge>
  );
}
