// The admin's waitlist view: entries and offers, with the summary (docs/waitlist.md).
import { queryOptions } from "@tanstack/react-query";
import { adminWaitlistResponseSchema } from "@/lib/waitlist/schemas";
import { fetchJson } from "./fetch-json";

export { adminWaitlistResponseSchema, type AdminWaitlistItem } from "@/lib/waitlist/schemas";

export function adminWaitlistQuery(store: string, filters: { sku: string; status: string }) {
  const qs = new URLSearchParams({ ...(filters.sku ? { sku: filters.sku } : {}), ...(filters.status ? { status: filters.status } : {}) });
  return queryOptions({
    queryKey: ["admin", store, "waitlist", filters.sku, filters.status] as const,
    queryFn: ({ signal }) => fetchJson(`/api/stores/${encodeURIComponent(store)}/admin/waitlist?${qs}`, adminWaitlistResponseSchema, { signal }),
    refetchInterval: 5000,
  });
}
