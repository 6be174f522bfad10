// Live stock levels: one batched request per page, shared by every badge on it.
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";

// Zod loads with the first poll, not with the page (fetch-json.ts).
const loadSchemas = () => import("./contract");

/** How often badges refresh while the tab is visible. */
export const STOCK_POLL_MS = 2000;

export const stockKeys = {
  all: ["stock"] as const,
  store: (store: string) => [...stockKeys.all, store] as const,
  levels: (store: string, variantIds: readonly string[]) =>
    [...stockKeys.store(store), [...variantIds].sort().join(",")] as const,
};

export function stockLevelsQuery(store: string, variantIds: readonly string[]) {
  const ids = [...variantIds].sort();
  return queryOptions({
    queryKey: stockKeys.levels(store, ids),
    queryFn: ({ signal }) =>
      fetchJson(
        `/api/stores/${encodeURIComponent(store)}/stock?variantIds=${ids.map(encodeURIComponent).join(",")}`,
        loadSchemas().then((s) => s.stockLevelsResponseSchema),
        { signal },
      ),
  });
}
