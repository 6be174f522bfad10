"use client";
// Charts where a picture reads faster than a table: holds created / sold / expired / released over
// time, and the stock of today's low items. Each chart has its numbers as a table for screen readers.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { cn } from "@/components/ui/cn";
import { statsQuery } from "@/lib/api-client/admin";
import type { AdminStats, StatsRange } from "@/lib/dashboard/schemas";
import { AdminTable, type AdminColumn } from "./admin-table";
import { EmptyState, LiveIndicator, LoadingRows, Panel, QueryError } from "./admin-ui";
import { activityTotals, toActivityRows, toStockRows } from "./chart-series";

const RANGES: { range: StatsRange; label: string }[] = [
  { range: "24h", label: "24 hours" },
  { range: "7d", label: "7 days" },
  { range: "30d", label: "30 days" },
];

const FLOW = [
  { key: "holds", label: "Holds created", color: "#2556e0" },
  { key: "sold", label: "Sold", color: "#059669" },
  { key: "expired", label: "Expired", color: "#d97706" },
  { key: "released", label: "Released", color: "#64748b" },
] as const;

const ITEM_COLORS = ["#2556e0", "#dc2626", "#059669", "#9333ea", "#d97706", "#0891b2", "#db2777", "#4d7c0f"];

const axis = { stroke: "#94a3b8", fontSize: 12, tickLine: false } as const;

export function ChartsPanel({ store }: { store: string }) {
  const [range, setRange] = useState<StatsRange>("24h");
  const query = useQuery(statsQuery(store, range));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="group" aria-label="Time range" className="inline-flex rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200">
          {RANGES.map((r) => (
            <button
              key={r.range}
              type="button"
              aria-pressed={range === r.range}
              onClick={() => setRange(r.range)}
              className={cn("h-8 rounded-md px-3 text-sm font-medium", range === r.range ? "bg-ink text-white" : "text-slate-700 hover:bg-slate-100")}
            >
              {r.label}
            </button>
          ))}
        </div>
        <LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
      </div>
      {query.isPending ? (
        <Panel>
          <LoadingRows label="Loading charts…" />
        </Panel>
      ) : query.isError && !query.data ? (
        <Panel>
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        </Panel>
      ) : (
        <Charts stats={query.data} />
      )}
    </div>
  );
}

function Charts({ stats }: { stats: AdminStats }) {
  const activity = useMemo(() => toActivityRows(stats), [stats]);
  const totals = useMemo(() => activityTotals(stats), [stats]);
  const stock = useMemo(() => toStockRows(stats), [stats]);
  const conversion = totals.holds > 0 ? Math.round((totals.sold / totals.holds) * 100) : null;
  const rangeLabel = RANGES.find((r) => r.range === stats.range)?.label ?? stats.range;

  return (
    <>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        {FLOW.map((f) => {
          const count = totals[f.key];
          const units = totals[`${f.key === "holds" ? "hold" : f.key}Units` as keyof typeof totals];
          return (
            <div key={f.key} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
              <dt className="flex items-center gap-2 text-sm text-slate-600">
                <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: f.color }} />
                {f.label}
              </dt>
              <dd className="mt-1 text-2xl font-semibold tabular text-ink">{count}</dd>
              <dd className="text-xs text-slate-600">{units} {units === 1 ? "unit" : "units"}</dd>
            </div>
          );
        })}
        <div className="col-span-2 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm lg:col-span-1">
          <dt className="text-sm text-slate-600">Holds that sold</dt>
          <dd className="mt-1 text-2xl font-semibold tabular text-ink">{conversion === null ? "—" : `${conversion}%`}</dd>
          <dd className="text-xs text-slate-600">over the last {rangeLabel}</dd>
        </div>
      </dl>

      <Panel title="Holds over time" description={`Holds created, sold, expired and released per ${stats.range === "30d" ? "day" : stats.range === "7d" ? "6 hours" : "hour"}, last ${rangeLabel}.`}>
        <figure className="px-2 pb-3 pt-4 sm:px-4">
          {totals.holds + totals.sold + totals.expired + totals.released === 0 ? (
            <EmptyState title="No holds in this period">Holds appear here as shoppers add items to their carts.</EmptyState>
          ) : (
            <div role="img" aria-label={`Bar chart of holds over the last ${rangeLabel}: ${totals.holds} created, ${totals.sold} sold, ${totals.expired} expired, ${totals.released} released.`}>
              <BarChart responsive accessibilityLayer={false} style={{ width: "100%", height: 300 }} data={activity} margin={{ top: 8, right: 12, bottom: 0, left: -16 }} barGap={1} barCategoryGap="18%">
                <CartesianGrid vertical={false} stroke="#e2e8f0" />
                <XAxis dataKey="label" {...axis} minTickGap={16} />
                <YAxis allowDecimals={false} {...axis} axisLine={false} width={48} />
                <Tooltip cursor={{ fill: "#f1f5f9" }} contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 13 }} />
                <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
                {FLOW.map((f) => (
                  <Bar key={f.key} dataKey={f.key} name={f.label} fill={f.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
                ))}
              </BarChart>
            </div>
          )}
          <DataTable caption="Holds per period" head={["Period", ...FLOW.map((f) => f.label)]} rows={activity.filter((r) => r.holds + r.sold + r.expired + r.released > 0).map((r) => [r.label, r.holds, r.sold, r.expired, r.released])} />
        </figure>
      </Panel>

      <Panel title="Stock of low items" description="Units on hand over time for the items at or under their low-stock threshold now, lowest first.">
        <figure className="px-2 pb-3 pt-4 sm:px-4">
          {stock.series.length === 0 ? (
            <EmptyState title="No low-stock items right now">Items at or under their threshold appear here.</EmptyState>
          ) : (
            <div role="img" aria-label={`Line chart of stock on hand for ${stock.series.length} low items: ${stock.series.map((s) => `${s.sku} now ${s.stock}`).join(", ")}.`}>
              <LineChart responsive accessibilityLayer={false} style={{ width: "100%", height: 300 }} data={stock.rows} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
                <CartesianGrid vertical={false} stroke="#e2e8f0" />
                <XAxis dataKey="label" {...axis} minTickGap={16} />
                <YAxis allowDecimals={false} {...axis} axisLine={false} width={48} />
                <Tooltip contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 13 }} />
                <Legend iconType="plainline" wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
                {stock.series.map((s, i) => (
                  <Line
                    key={s.key}
                    type="stepAfter"
                    dataKey={s.key}
                    name={s.title ? `${s.sku} · ${s.title}` : s.sku}
                    stroke={ITEM_COLORS[i % ITEM_COLORS.length]}
                    strokeWidth={2}
                    dot={{ r: 2.5, strokeWidth: 0, fill: ITEM_COLORS[i % ITEM_COLORS.length] }}
                    activeDot={{ r: 4 }}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </div>
          )}
          <DataTable
            caption="Low items now"
            head={["SKU", "Product", "Stock now", "Threshold"]}
            rows={stock.series.map((s) => [s.sku, s.title ?? "—", s.stock, s.threshold])}
          />
        </figure>
      </Panel>
    </>
  );
}

type Cells = (string | number)[];

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: Cells[] }) {
  if (rows.length === 0) return null;
  // Numbers right-aligned: a column is numeric when its cells are numbers.
  const columns: AdminColumn<Cells>[] = head.map((h, i) => ({ id: h, header: h, numeric: typeof rows[0]?.[i] === "number", cell: (r) => r[i] }));
  return (
    <details className="mt-3 px-2 text-sm">
      <summary className="cursor-pointer select-none font-medium text-slate-700 hover:text-ink">Show the numbers</summary>
      <AdminTable caption={caption} columns={columns} rows={rows} rowKey={(r) => String(r[0])} region wrapClassName="mt-2 rounded-lg border border-slate-200" />
    </details>
  );
}
