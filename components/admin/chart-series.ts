// Turns the stats route's answer into the flat rows Recharts draws: one row per time bucket, one
// key per series (s0, s1, … for items, since SKUs may contain dots that Recharts reads as paths).
import type { AdminStats, StatsRange } from "@/lib/dashboard/schemas";

export type ActivityRow = { at: string; label: string; holds: number; sold: number; expired: number; released: number };

export type StockRow = { at: string; label: string } & Record<string, number | string | null>;

export type StockSeries = { key: string; sku: string; title: string | null; threshold: number; stock: number };

export function bucketLabel(iso: string, range: StatsRange, locale?: string): string {
  const d = new Date(iso);
  if (range === "24h") return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(d);
  if (range === "7d") return new Intl.DateTimeFormat(locale, { weekday: "short", hour: "2-digit" }).format(d);
  return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }).format(d);
}

export function toActivityRows(stats: AdminStats, locale?: string): ActivityRow[] {
  return stats.activity.map((b) => ({
    at: b.start,
    label: bucketLabel(b.start, stats.range, locale),
    holds: b.holds,
    sold: b.sold,
    expired: b.expired,
    released: b.released,
  }));
}

export function activityTotals(stats: AdminStats) {
  const t = { holds: 0, sold: 0, expired: 0, released: 0, holdUnits: 0, soldUnits: 0, expiredUnits: 0, releasedUnits: 0 };
  for (const b of stats.activity) {
    t.holds += b.holds;
    t.sold += b.sold;
    t.expired += b.expired;
    t.released += b.released;
    t.holdUnits += b.holdUnits;
    t.soldUnits += b.soldUnits;
    t.expiredUnits += b.expiredUnits;
    t.releasedUnits += b.releasedUnits;
  }
  return t;
}

export function toStockRows(stats: AdminStats, locale?: string): { series: StockSeries[]; rows: StockRow[] } {
  const series = stats.lowStock.map((s, i) => ({ key: `s${i}`, sku: s.sku, title: s.title, threshold: s.threshold, stock: s.stock }));
  const first = stats.lowStock[0];
  if (!first) return { series, rows: [] };
  const rows: StockRow[] = first.points.map((p, j) => {
    const row: StockRow = { at: p.at, label: bucketLabel(p.at, stats.range, locale) };
    stats.lowStock.forEach((s, i) => {
      row[`s${i}`] = s.points[j]?.stock ?? null;
    });
    return row;
  });
  return { series, rows };
}
