// One order, polled while its payment is being settled.
import { queryOptions } from "@tanstack/react-query";
import { putBackResponseSchema, type PutBackResponse } from "@/lib/orders/response-schemas";
import { orderResponseSchema } from "./contract";
import { fetchJson } from "./fetch-json";

export const ORDER_POLL_MS = 2000;

export const orderKeys = {
  all: ["order"] as const,
  detail: (store: string, orderId: string) => [...orderKeys.all, store, orderId] as const,
};

/** key: the order's signed link key, for a shopper who came by the link (another device). */
export function orderQuery(store: string, orderId: string, key?: string | null) {
  return queryOptions({
    queryKey: orderKeys.detail(store, orderId),
    queryFn: async ({ signal }) =>
      (
        await fetchJson(`/api/stores/${encodeURIComponent(store)}/orders/${encodeURIComponent(orderId)}${key ? `?key=${encodeURIComponent(key)}` : ""}`, orderResponseSchema, {
          signal,
        })
      ).order,
  });
}

export { putBackResponseSchema, type PutBackResponse };

/** "Put these back in my cart" for a cancelled order. */
export function putOrderBack(store: string, orderId: string, key?: string | null): Promise<PutBackResponse> {
  return fetchJson(
    `/api/stores/${encodeURIComponent(store)}/orders/${encodeURIComponent(orderId)}/put-back${key ? `?key=${encodeURIComponent(key)}` : ""}`,
    putBackResponseSchema,
    { method: "POST" },
  );
}
