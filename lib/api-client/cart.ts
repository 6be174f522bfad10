// The shopper's cart: its query, and the writes (each returns the new cart, which goes straight into the cache).
import type { CheckoutBody } from "@/lib/orders/response-schemas";
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type { Cart } from "./contract";
import { fetchJson } from "./fetch-json";
import { stockKeys } from "./stock";

/** How often an open cart asks the server whether its holds still stand. */
export const CART_POLL_MS = 2500;

export const cartKeys = {
  all: ["cart"] as const,
  store: (store: string) => [...cartKeys.all, store] as const,
};

const base = (store: string) => `/api/stores/${encodeURIComponent(store)}`;

// Zod loads with the first call, not with the pages that show the cart's count (fetch-json.ts).
const loadSchemas = () => import("./contract");
const cartResponseSchema = () => loadSchemas().then((s) => s.cartResponseSchema);

export function cartQuery(store: string) {
  return queryOptions({
    queryKey: cartKeys.store(store),
    queryFn: async ({ signal }) => (await fetchJson(`${base(store)}/cart`, cartResponseSchema(), { signal })).cart,
  });
}

async function writeCart(url: string, init: { method: string; json?: unknown }): Promise<Cart> {
  return (await fetchJson(url, cartResponseSchema(), init)).cart;
}

export const cartWrites = {
  addItem: (store: string, input: { variantId: string; quantity: number }) =>
    writeCart(`${base(store)}/cart/items`, { method: "POST", json: input }),
  setQuantity: (store: string, input: { variantId: string; quantity: number }) =>
    writeCart(`${base(store)}/cart/items/${encodeURIComponent(input.variantId)}`, {
      method: "PATCH",
      json: { quantity: input.quantity },
    }),
  removeItem: (store: string, variantId: string) =>
    writeCart(`${base(store)}/cart/items/${encodeURIComponent(variantId)}`, { method: "DELETE" }),
  extend: (store: string) => writeCart(`${base(store)}/cart/extend`, { method: "POST" }),
  fix: (store: string) => writeCart(`${base(store)}/cart/fix`, { method: "POST" }),
};

/** body: `{ email }` for a guest (checked with the route's own schema before it is sent). */
export function checkout(store: string, idempotencyKey: string, body: CheckoutBody = {}) {
  return fetchJson(`${base(store)}/checkout`, loadSchemas().then((s) => s.checkoutResponseSchema), {
    method: "POST",
    headers: { "Idempotency-Key": idempotencyKey },
    json: body,
  });
}

/** After a cart write: the new cart is the truth, and every badge of the store may have moved. */
export function applyCartWrite(queryClient: QueryClient, store: string, cart: Cart) {
  queryClient.setQueryData(cartKeys.store(store), cart);
  void queryClient.invalidateQueries({ queryKey: stockKeys.store(store) });
}
