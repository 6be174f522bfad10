import { formatMoney } from "@/components/ui/format";

/** A product's price: "From $x" when its variants differ. */
export function ProductPrice({ prices, currency, className }: { prices: number[]; currency: string; className?: string }) {
  if (prices.length === 0) return null;
  const min = Math.min(...prices);
  const varies = prices.some((p) => p !== min);
  return (
    <p className={className}>
      {varies && <span className="font-normal text-slate-600">From </span>}
      <span className="tabular">{formatMoney(min, currency)}</span>
    </p>
  );
}
