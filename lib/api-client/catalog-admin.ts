// The dashboard's reads and writes of the catalogue admin API (docs/catalogue.md): products and
// their variants, the grants a store gives (resellers) and receives (suppliers), and what its
// suppliers offer. Every response is parsed with the server's own schemas
// (lib/catalog/admin/response-schemas.ts), so a change on the server fails loudly.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CreateProductInput, ListingVariantInput, OwnVariantInput, UpdateProductInput, UpdateVariantInput } from "@/lib/catalog/admin/schemas";
import {
  deletedVariantSchema,
  grantResponseSchema,
  grantsSchema,
  productResponseSchema,
  productsPageSchema,
  revokedSchema,
  supplierItemsPageSchema,
  variantResponseSchema,
  type ProductStatus,
} from "@/lib/catalog/admin/response-schemas";
import { adminApi, adminKeys } from "./admin";
import { fetchJson } from "./fetch-json";

export { productStatuses, type ProductStatus } from "@/lib/catalog/admin/response-schemas";
export type { AdminProductView as AdminProduct, AdminVariantView as AdminVariant, GrantView as Grant, SupplierItemView as SupplierItem } from "@/lib/catalog/admin/response-schemas";

export const PRODUCTS_PAGE_SIZE = 25;

export type ProductsFilter = { status: ProductStatus | null; q: string };

export const catalogKeys = {
  products: (store: string) => [...adminKeys.all(store), "products"] as const,
  productList: (store: string, f: ProductsFilter) => [...catalogKeys.products(store), "list", f.status ?? "all", f.q] as const,
  product: (store: string, id: string) => [...catalogKeys.products(store), "one", id] as const,
  resellers: (store: string) => [...adminKeys.all(store), "resellers"] as const,
  suppliers: (store: string) => [...adminKeys.all(store), "suppliers"] as const,
  supplierItems: (store: string, q: string) => [...adminKeys.all(store), "supplier-items", q] as const,
};

function qs(params: Record<string, string | number | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export function productsQuery(store: string, filter: ProductsFilter) {
  return infiniteQueryOptions({
    queryKey: catalogKeys.productList(store, filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      fetchJson(`${adminApi(store)}/products${qs({ status: filter.status, q: filter.q.trim(), cursor: pageParam, limit: PRODUCTS_PAGE_SIZE })}`, productsPageSchema, { signal }),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function productQuery(store: string, id: string) {
  return queryOptions({
    queryKey: catalogKeys.product(store, id),
    queryFn: async ({ signal }) => (await fetchJson(`${adminApi(store)}/products/${encodeURIComponent(id)}`, productResponseSchema, { signal })).product,
  });
}

export function resellersQuery(store: string) {
  return queryOptions({
    queryKey: catalogKeys.resellers(store),
    queryFn: async ({ signal }) => (await fetchJson(`${adminApi(store)}/resellers`, grantsSchema, { signal })).items,
  });
}

export function suppliersQuery(store: string) {
  return queryOptions({
    queryKey: catalogKeys.suppliers(store),
    queryFn: async ({ signal }) => (await fetchJson(`${adminApi(store)}/suppliers`, grantsSchema, { signal })).items,
  });
}

export function supplierItemsQuery(store: string, q: string) {
  return infiniteQueryOptions({
    queryKey: catalogKeys.supplierItems(store, q),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchJson(`${adminApi(store)}/supplier-items${qs({ q: q.trim(), cursor: pageParam, limit: 50 })}`, supplierItemsPageSchema, { signal }),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** Idempotency-Key header: a retry of the same write (a double click, a lost answer) replays the first answer. */
function keyed(key: string | undefined): { headers?: Record<string, string> } {
  return key ? { headers: { "Idempotency-Key": key } } : {};
}

/** JSON of a write body: Dates as ISO strings (what the API's schemas parse back). */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] extends Date | null | undefined ? string | null | undefined : T[K] };

export const catalogWrites = {
  createProduct: (store: string, input: Wire<Omit<CreateProductInput, "variants">> & { variants: (OwnVariantInput | ListingVariantInput)[] }, key?: string) =>
    fetchJson(`${adminApi(store)}/products`, productResponseSchema, { method: "POST", json: input, ...keyed(key) }),
  updateProduct: (store: string, id: string, changes: Wire<UpdateProductInput>) =>
    fetchJson(`${adminApi(store)}/products/${encodeURIComponent(id)}`, productResponseSchema, { method: "PATCH", json: changes }),
  addVariant: (store: string, productId: string, input: OwnVariantInput) =>
    fetchJson(`${adminApi(store)}/products/${encodeURIComponent(productId)}/variants`, variantResponseSchema, { method: "POST", json: input }),
  updateVariant: (store: string, productId: string, variantId: string, changes: UpdateVariantInput) =>
    fetchJson(`${adminApi(store)}/products/${encodeURIComponent(productId)}/variants/${encodeURIComponent(variantId)}`, variantResponseSchema, { method: "PATCH", json: changes }),
  deleteVariant: (store: string, productId: string, variantId: string) =>
    fetchJson(`${adminApi(store)}/products/${encodeURIComponent(productId)}/variants/${encodeURIComponent(variantId)}`, deletedVariantSchema, { method: "DELETE" }),
  grantReseller: (store: string, reseller: string) => fetchJson(`${adminApi(store)}/resellers`, grantResponseSchema, { method: "POST", json: { store: reseller } }),
  revokeReseller: (store: string, reseller: string) =>
    fetchJson(`${adminApi(store)}/resellers/${encodeURIComponent(reseller)}`, revokedSchema, { method: "DELETE" }),
};
