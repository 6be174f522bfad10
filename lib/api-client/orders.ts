// One order, polled while its payment is being settled.
import { queryOptions } from "@tanstack/react-query";
import { orderResponseSchema } from "./contract";
import { fetchJson } from "./fetch-json";

export const ORDER_POLL_MS = 2000;

export const orderKeys = {
  all: ["order"] as const,
  detail: (store: string, orderId: string) => [...orderKeys.all, store, orderId] as const,
};

export function orderQuery(store: string, orderId: string) {
  return queryOptions({
    queryKey: orderKeys.detail(store, orderId),
    queryFn: async ({ signal }) =>
      (
        await fetchJson(`/api/stores/${encodeURIComponent(store)}/orders/${encodeURIComponent(orderId)}`, orderResponseSchema, {
          signal,
        })
      ).order,
  });
}
