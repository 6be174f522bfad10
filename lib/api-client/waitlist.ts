// The waitlist from the browser: this shopper's entries, joining, leaving, claiming an offer.
import { queryOptions } from "@tanstack/react-query";
import { cartResponseSchema } from "./contract";
import { fetchJson } from "./fetch-json";
import { waitlistEntriesResponseSchema, waitlistEntryResponseSchema } from "@/lib/waitlist/response-schemas";

export type { WaitlistEntryView } from "@/lib/waitlist/response-schemas";

const base = (store: string) => `/api/stores/${encodeURIComponent(store)}/waitlist`;

export const waitlistKeys = {
  variant: (store: string, variantId: string) => ["waitlist", store, variantId] as const,
};

export function myWaitlistQuery(store: string, variantId: string) {
  return queryOptions({
    queryKey: waitlistKeys.variant(store, variantId),
    queryFn: ({ signal }) => fetchJson(`${base(store)}?variantId=${encodeURIComponent(variantId)}`, waitlistEntriesResponseSchema, { signal }),
  });
}

export const waitlistWrites = {
  join: (store: string, input: { variantId: string; quantity: number; email?: string }) =>
    fetchJson(base(store), waitlistEntryResponseSchema, { method: "POST", json: input }),
  leave: (store: string, id: string) => fetchJson(`${base(store)}/${encodeURIComponent(id)}`, waitlistEntryResponseSchema, { method: "DELETE" }),
  claim: (store: string, token: string) => fetchJson(`${base(store)}/claim`, cartResponseSchema, { method: "POST", json: { token } }),
};
