// The dashboard's reads and writes of the admin API: one key factory, the queryOptions per section
// (with how often each polls), and the writes. Components never build admin URLs themselves.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { adminStatsSchema, type StatsRange } from "@/lib/dashboard/schemas";
import { z } from "zod";
import {
  bulkResultSchema,
  createdTokenResponseSchema,
  healthResponseSchema,
  inventoryItemResponseSchema,
  inventoryPageSchema,
  movementsPageSchema,
  orderResponseSchema,
  ordersResponseSchema,
  releasedHoldResponseSchema,
  reservationsPageSchema,
  revokedTokenResponseSchema,
  settingsResponseSchema,
  tokensResponseSchema,
  type InventoryState,
  type StoreSettingsView,
} from "./admin-contract";
import { ApiError, fetchJson } from "./fetch-json";

/** How often each section asks again while it is open (ms). */
export const ADMIN_POLL_MS = { inventory: 3000, reservations: 3000, orders: 5000, health: 10_000, activity: 5000, stats: 30_000 } as const;

/** Rows per inventory page: a store with thousands of items loads them page by page. */
export const INVENTORY_PAGE_SIZE = 100;

export type InventoryFilter = { state: InventoryState | null; q: string };

export const adminKeys = {
  all: (store: string) => ["admin", store] as const,
  inventory: (store: string) => [...adminKeys.all(store), "inventory"] as const,
  inventoryList: (store: string, f: InventoryFilter) => [...adminKeys.inventory(store), f.state ?? "all", f.q] as const,
  reservations: (store: string, sku = "") => [...adminKeys.all(store), "reservations", sku] as const,
  orders: (store: string, status: "pending" | "recent") => [...adminKeys.all(store), "orders", status] as const,
  movements: (store: string, sku = "") => [...adminKeys.all(store), "movements", sku] as const,
  health: (store: string) => [...adminKeys.all(store), "health"] as const,
  stats: (store: string, range: StatsRange) => [...adminKeys.all(store), "stats", range] as const,
  settings: (store: string) => [...adminKeys.all(store), "settings"] as const,
  tokens: (store: string) => [...adminKeys.all(store), "tokens"] as const,
};

/** The admin API's base path for a store. */
export function adminApi(store: string): string {
  return `/api/stores/${encodeURIComponent(store)}/admin`;
}

function qs(params: Record<string, string | number | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export function inventoryQuery(store: string, filter: InventoryFilter) {
  return infiniteQueryOptions({
    queryKey: adminKeys.inventoryList(store, filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      fetchJson(`${adminApi(store)}/inventory${qs({ state: filter.state, q: filter.q.trim(), cursor: pageParam, limit: INVENTORY_PAGE_SIZE })}`, inventoryPageSchema, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: ADMIN_POLL_MS.inventory,
  });
}

export function reservationsQuery(store: string, sku: string) {
  return queryOptions({
    queryKey: adminKeys.reservations(store, sku),
    queryFn: ({ signal }) => fetchJson(`${adminApi(store)}/reservations${qs({ status: "active", sku: sku.trim(), limit: 500 })}`, reservationsPageSchema, { signal }),
    refetchInterval: ADMIN_POLL_MS.reservations,
  });
}

/** Every order awaiting payment (up to 200, oldest deadline first on screen), or the 50 most recent of any status. */
/** The orders list with the API's own filters: `q` (number or email), `status`, and the cursor. */
export function orderSearchQuery(store: string, input: { q: string; status: string; cursor: string | null; limit: number }) {
  return queryOptions({
    queryKey: [...adminKeys.all(store), "orders", "search", input] as const,
    queryFn: ({ signal }) =>
      fetchJson(
        `${adminApi(store)}/orders${qs({ limit: input.limit, ...(input.q ? { q: input.q } : {}), ...(input.status ? { status: input.status } : {}), ...(input.cursor ? { cursor: input.cursor } : {}) })}`,
        ordersResponseSchema,
        { signal },
      ),
    placeholderData: (previous) => previous,
  });
}

export function ordersQuery(store: string, which: "pending" | "recent") {
  return queryOptions({
    queryKey: adminKeys.orders(store, which),
    queryFn: ({ signal }) =>
      fetchJson(`${adminApi(store)}/orders${which === "pending" ? qs({ status: "PENDING_PAYMENT", limit: 200 }) : qs({ limit: 50 })}`, ordersResponseSchema, { signal }),
    refetchInterval: ADMIN_POLL_MS.orders,
  });
}

export function movementsQuery(store: string, sku: string) {
  return infiniteQueryOptions({
    queryKey: adminKeys.movements(store, sku),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchJson(`${adminApi(store)}/movements${qs({ sku: sku.trim(), cursor: pageParam, limit: 50 })}`, movementsPageSchema, { signal }),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: ADMIN_POLL_MS.activity,
  });
}

export function healthQuery(store: string) {
  return queryOptions({
    queryKey: adminKeys.health(store),
    queryFn: ({ signal }) => fetchJson(`${adminApi(store)}/health`, healthResponseSchema, { signal }),
    refetchInterval: ADMIN_POLL_MS.health,
  });
}

export function statsQuery(store: string, range: StatsRange) {
  return queryOptions({
    queryKey: adminKeys.stats(store, range),
    queryFn: async ({ signal }) => (await fetchJson(`${adminApi(store)}/stats${qs({ range })}`, z.object({ stats: adminStatsSchema }), { signal })).stats,
    refetchInterval: ADMIN_POLL_MS.stats,
  });
}

export function settingsQuery(store: string) {
  return queryOptions({
    queryKey: adminKeys.settings(store),
    queryFn: async ({ signal }) => (await fetchJson(`${adminApi(store)}/settings`, settingsResponseSchema, { signal })).settings,
  });
}

export function tokensQuery(store: string) {
  return queryOptions({
    queryKey: adminKeys.tokens(store),
    queryFn: async ({ signal }) => (await fetchJson(`${adminApi(store)}/tokens`, tokensResponseSchema, { signal })).items,
  });
}

export type AdjustStockInput = { sku: string; stock?: number; lowStockThreshold?: number | null; reason: string };

export type BulkRow = { sku: string; stock?: number; lowStockThreshold?: number };

export const adminWrites = {
  adjustStock: (store: string, { sku, ...body }: AdjustStockInput) =>
    fetchJson(`${adminApi(store)}/inventory/${encodeURIComponent(sku)}`, inventoryItemResponseSchema, { method: "PATCH", json: body }),
  importCsv: (store: string, input: { csv: string; reason: string }) => postCsv(`${adminApi(store)}/inventory/bulk${qs({ reason: input.reason })}`, input.csv),
  /** Validate-only: the server's own import in a rolled-back transaction (the preview's check). */
  validateCsv: (store: string, csv: string) => postCsv(`${adminApi(store)}/inventory/bulk${qs({ reason: "CSV preview", validate: "1" })}`, csv),
  releaseHold: (store: string, input: { holdId: string; reason: string }) =>
    fetchJson(`${adminApi(store)}/reservations/${encodeURIComponent(input.holdId)}${qs({ reason: input.reason })}`, releasedHoldResponseSchema, { method: "DELETE" }),
  cancelOrder: (store: string, input: { orderId: string; reason: string }) =>
    fetchJson(`${adminApi(store)}/orders/${encodeURIComponent(input.orderId)}/cancel`, orderResponseSchema, {
      method: "POST",
      json: input.reason ? { reason: input.reason } : {},
    }),
  updateSettings: (store: string, changes: Partial<StoreSettingsView>) =>
    fetchJson(`${adminApi(store)}/settings`, settingsResponseSchema, { method: "PATCH", json: changes }),
  createToken: (store: string, name: string) => fetchJson(`${adminApi(store)}/tokens`, createdTokenResponseSchema, { method: "POST", json: { name } }),
  revokeToken: (store: string, id: string) => fetchJson(`${adminApi(store)}/tokens/${encodeURIComponent(id)}`, revokedTokenResponseSchema, { method: "DELETE" }),
};

/** POSTs a CSV body (fetchJson sends JSON only) and reads the JSON answer, errors included. */
async function postCsv(url: string, csv: string) {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { Accept: "application/json", "Content-Type": "text/csv" }, body: csv, credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new ApiError(0, "NETWORK", "We could not reach the shop. Check your connection and try again.");
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(res.status, (error?.code as ApiError["code"] | undefined) ?? "INTERNAL", error?.message ?? `The import failed (HTTP ${res.status}).`, error?.details);
  }
  return bulkResultSchema.parse(body);
}
