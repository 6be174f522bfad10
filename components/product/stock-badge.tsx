"use client";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { useStockLevels } from "./live-stock";
import { stockLabel, stockTone, summarizeStock } from "./stock-label";

/**
 * The live stock badge: role="status" with exactly the words of UI.md. The release time of a drop
 * sits next to it, outside the status text.
 */
export function StockBadge({
  variantIds,
  releaseAt,
  size = "sm",
}: {
  variantIds: string[];
  releaseAt?: string | null;
  size?: "sm" | "md";
}) {
  const summary = summarizeStock(useStockLevels(variantIds));
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      <Badge role="status" tone={stockTone[summary.state]} className={size === "md" ? "px-3 py-1 text-sm" : undefined}>
        {stockLabel(summary)}
      </Badge>
      {summary.state === "coming_soon" && releaseAt && (
        <span className="text-xs text-slate-600">
          Releases <LocalTime iso={releaseAt} />
        </span>
      )}
    </span>
  );
}
