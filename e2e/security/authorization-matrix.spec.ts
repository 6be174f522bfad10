// The authorization matrix: every HTTP route × every kind of caller → the expected status. A
// refused request changes nothing in the store (its fingerprint is the same before and after) and
// its body is the error shape alone; allowed callers see only their own data. A last test lists
// app/api's route files, so a new route cannot be added without a row here.
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createProduct, createToken, createUser, sql } from "../support/fixtures";
import { E2E_AUTH_SECRET } from "../support/e2e-env.mjs";
import { signedInClient, tokenClient } from "../support/auth";
import { createStore, newClient, placeOrder, stockedProduct, storeFingerprint, randomIp } from "./security-fixtures";

const PRINCIPALS = ["anonymous", "shopper", "otherShopper", "admin", "otherAdmin", "token", "otherToken", "revokedToken"] as const;
type Principal = (typeof PRINCIPALS)[number];
type Expect = Record<Principal, number>;

const all = (status: number): Expect => Object.fromEntries(PRINCIPALS.map((p) => [p, status])) as Expect;
/** Admin routes: a member's session or this store's token. */
const ADMIN: Expect = { anonymous: 401, shopper: 403, otherShopper: 403, admin: 200, otherAdmin: 403, token: 200, otherToken: 401, revokedToken: 401 };
/** Token management: a member's session only (a token, even this store's, is refused). */
const SESSION_ADMIN: Expect = { ...ADMIN, token: 403 };
/** An order: the shopper who placed it and the store's admins; everyone else is told it does not exist. */
const ORDER_VIEWERS: Expect = { anonymous: 404, shopper: 200, otherShopper: 404, admin: 200, otherAdmin: 404, token: 200, otherToken: 404, revokedToken: 404 };

type World = {
  store: { id: string; slug: string };
  otherStore: { id: string; slug: string };
  product: Awaited<ReturnType<typeof stockedProduct>>;
  otherProduct: Awaited<ReturnType<typeof stockedProduct>>;
  shopperOrderId: string;
  shopperPaymentRef: string;
  tokenIds: { token: string };
  shopperId: string;
  /** A cancelled order of the shopper, for put-back. */
  cancelledOrderId: string;
  /** A product of the store for the catalogue writes (its own, so the cart rows' product keeps its title). */
  catalog: Awaited<ReturnType<typeof stockedProduct>>;
  /** Sold-out variants: one for joining and leaving the line, one whose offers are claimed. */
  soldOut: Awaited<ReturnType<typeof stockedProduct>>;
  claimable: Awaited<ReturnType<typeof stockedProduct>>;
  webhookId: string;
  /** A store the POST/DELETE resellers rows grant and revoke. */
  grantee: { id: string; slug: string };
  /** A store the store has granted (a supplier/reseller pair), its admin's token and one of its own products. */
  reseller: { id: string; slug: string; token: string; product: Awaited<ReturnType<typeof stockedProduct>> };
};

type Call = { path: string; data?: unknown; headers?: Record<string, string> };

type Row = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The route file's path under app/api, e.g. "stores/[store]/cart/items". */
  route: string;
  expect: Expect;
  /** The request for `who` (may create what the call consumes: a hold to release, an order to cancel). */
  call: (w: World, who: Principal, i: number) => Call | Promise<Call>;
  /** Allowed callers whose 2xx changes the store (carts of their own are expected to change it). */
  mutates?: boolean;
  /** Extra checks of an allowed answer. */
  check?: (body: unknown, w: World, who: Principal) => void;
};

let world: World;
const clients = {} as Record<Principal, APIRequestContext>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const store = await createStore("matrix");
  const otherStore = await createStore("matrix-other");
  const product = await stockedProduct(store.slug, 1000);
  const otherProduct = await stockedProduct(otherStore.slug, 1000);
  const shopper = await createUser();
  const otherShopper = await createUser();
  const admin = await createUser({ store: store.slug, role: "ADMIN" });
  const otherAdmin = await createUser({ store: otherStore.slug, role: "OWNER" });
  const token = await createToken({ store: store.slug, name: "matrix" });
  const otherToken = await createToken({ store: otherStore.slug, name: "matrix other" });
  const revoked = await createToken({ store: store.slug, name: "matrix revoked" });
  await sql(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = $1`, [revoked.id]);

  clients.anonymous = await newClient();
  clients.shopper = await signedInClient(shopper);
  clients.otherShopper = await signedInClient(otherShopper);
  clients.admin = await signedInClient(admin);
  clients.otherAdmin = await signedInClient(otherAdmin);
  clients.token = await tokenClient(token.token);
  clients.otherToken = await tokenClient(otherToken.token);
  clients.revokedToken = await tokenClient(revoked.token);

  const placed = await placeOrder(clients.shopper, store.slug, product.variantId);
  expect(placed.paymentRef).toBeTruthy();
  // A second order of the shopper, cancelled, for put-back.
  const toCancel = await placeOrder(clients.shopper, store.slug, product.variantId);
  const cancelled = await clients.token.post(`/api/stores/${store.slug}/admin/orders/${toCancel.orderId}/cancel`, { data: { reason: "matrix" } });
  expect(cancelled.status(), await cancelled.text()).toBe(200);
  const catalog = await stockedProduct(store.slug, 100);
  const soldOut = await createProduct({ store: store.slug, stock: 0, title: "Matrix Sold Out" });
  const claimable = await createProduct({ store: store.slug, stock: 0, title: "Matrix Claimable" });
  const hook = await clients.token.post(`/api/stores/${store.slug}/admin/webhooks`, { data: { url: "http://127.0.0.1:9/hook", events: ["order.paid"] } });
  expect(hook.status(), await hook.text()).toBe(201);
  const webhookId = ((await hook.json()) as { webhook: { id: string } }).webhook.id;
  const grantee = await createStore("matrix-grantee");
  const resellerStore = await createStore("matrix-reseller");
  const resellerToken = await createToken({ store: resellerStore.slug, name: "matrix reseller" });
  const resellerProduct = await stockedProduct(resellerStore.slug, 10);
  const grant = await clients.token.post(`/api/stores/${store.slug}/admin/resellers`, { data: { store: resellerStore.slug } });
  expect(grant.status(), await grant.text()).toBe(201);
  world = {
    store, otherStore, product, otherProduct, shopperOrderId: placed.orderId, shopperPaymentRef: placed.paymentRef!, tokenIds: { token: token.id },
    shopperId: shopper.id, cancelledOrderId: toCancel.orderId, catalog, soldOut, claimable, webhookId, grantee,
    reseller: { ...resellerStore, token: resellerToken.token, product: resellerProduct },
  };
});

test.afterAll(async () => {
  for (const c of Object.values(clients)) await c?.dispose();
});

/** A hold of a fresh guest in the store, for a release call. */
async function guestHoldId(w: World): Promise<string> {
  const guest = await newClient();
  try {
    const res = await guest.post(`/api/stores/${w.store.slug}/cart/items`, { data: { variantId: w.product.variantId, quantity: 1 } });
    expect(res.status()).toBe(200);
    const { cart } = (await res.json()) as { cart: { id: string } };
    const [hold] = await sql<{ id: string }>(`SELECT id FROM "Hold" WHERE "cartId" = $1 AND status = 'ACTIVE'`, [cart.id]);
    return hold!.id;
  } finally {
    await guest.dispose();
  }
}

/** A pending order of a fresh guest, for a cancel call. */
async function guestOrderId(w: World): Promise<string> {
  const guest = await newClient();
  try {
    return (await placeOrder(guest, w.store.slug, w.product.variantId)).orderId;
  } finally {
    await guest.dispose();
  }
}

const S = (w: World) => `/api/stores/${w.store.slug}`;

/** The shopper's live entry in the sold-out variant's line (joining it when there is none). */
async function shopperEntryId(w: World): Promise<string> {
  const [live] = await sql<{ id: string }>(`SELECT id FROM "WaitlistEntry" WHERE "userId" = $1 AND "variantId" = $2 AND status IN ('WAITING', 'OFFERED')`, [w.shopperId, w.soldOut.variantId]);
  if (live) return live.id;
  const res = await clients.shopper.post(`${S(w)}/waitlist`, { data: { variantId: w.soldOut.variantId } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { entry: { id: string } }).entry.id;
}

/**
 * A claim token of a live offer made to the shopper's account: the shopper joins the claimable
 * variant's line and one unit comes back (an admin's stock adjustment hands it to the line), signed
 * as the offer mail's link is (lib/waitlist/claim-token.ts).
 */
async function shopperClaimToken(w: World): Promise<string> {
  const offered = async () =>
    (await sql<{ id: string; offerHoldId: string }>(`SELECT id, "offerHoldId" FROM "WaitlistEntry" WHERE "userId" = $1 AND "variantId" = $2 AND status = 'OFFERED'`, [w.shopperId, w.claimable.variantId]))[0];
  let entry = await offered();
  if (!entry) {
    const join = await clients.shopper.post(`${S(w)}/waitlist`, { data: { variantId: w.claimable.variantId } });
    expect(join.status(), await join.text()).toBe(201);
    const restock = await clients.token.patch(`${S(w)}/admin/inventory/${encodeURIComponent(w.claimable.sku)}`, { data: { adjust: 1, reason: "matrix restock" } });
    expect(restock.status(), await restock.text()).toBe(200);
    entry = await offered();
  }
  expect(entry, "the restocked unit was offered to the shopper").toBeTruthy();
  const key = createHmac("sha256", E2E_AUTH_SECRET).update("waitlist-claim-key").digest("base64url");
  const mac = createHmac("sha256", key).update(`waitlist-claim\u0000${entry!.id}\u0000${entry!.offerHoldId}`).digest("base64url");
  return `${entry!.id}.${entry!.offerHoldId}.${mac}`;
}

const unique = (i: number) => `${Date.now().toString(36)}-${i}`;

const ROWS: Row[] = [
  // Public
  { method: "GET", route: "health", expect: all(200), call: () => ({ path: "/api/health" }) },
  { method: "GET", route: "openapi.json", expect: all(200), call: () => ({ path: "/api/openapi.json" }) },
  { method: "GET", route: "stores/[store]/stock", expect: all(200), call: (w) => ({ path: `${S(w)}/stock?variantIds=${w.product.variantId}` }) },
  { method: "GET", route: "stores/[store]/products", expect: all(200), call: (w) => ({ path: `${S(w)}/products` }) },
  // Shopper: everyone has a cart of their own (API tokens are not shopper credentials: a token caller is a guest).
  {
    method: "POST", route: "stores/[store]/cart/items", expect: all(200), mutates: true,
    call: (w) => ({ path: `${S(w)}/cart/items`, data: { variantId: w.product.variantId, quantity: 1 } }),
  },
  {
    method: "GET", route: "stores/[store]/cart", expect: all(200),
    call: (w) => ({ path: `${S(w)}/cart` }),
    // Each caller sees only the one unit they added, never anyone else's lines.
    check: (body, w) => expect((body as { cart: { lines: unknown[] } }).cart.lines).toEqual([expect.objectContaining({ variantId: w.product.variantId, quantity: 1 })]),
  },
  { method: "PATCH", route: "stores/[store]/cart/items/[variantId]", expect: all(200), mutates: true, call: (w) => ({ path: `${S(w)}/cart/items/${w.product.variantId}`, data: { quantity: 2 } }) },
  { method: "POST", route: "stores/[store]/cart/extend", expect: all(200), mutates: true, call: (w) => ({ path: `${S(w)}/cart/extend` }) },
  { method: "POST", route: "stores/[store]/cart/fix", expect: all(200), mutates: true, call: (w) => ({ path: `${S(w)}/cart/fix` }) },
  {
    method: "POST", route: "stores/[store]/checkout", expect: all(201), mutates: true,
    call: (w) => ({ path: `${S(w)}/checkout` }),
    check: (body) => expect((body as { order: { lines: { quantity: number }[] } }).order.lines).toEqual([expect.objectContaining({ quantity: 2 })]),
  },
  {
    method: "POST", route: "stores/[store]/cart/items", expect: all(200), mutates: true,
    call: (w) => ({ path: `${S(w)}/cart/items`, data: { variantId: w.product.variantId, quantity: 1 } }),
  },
  { method: "DELETE", route: "stores/[store]/cart/items/[variantId]", expect: all(200), mutates: true, call: (w) => ({ path: `${S(w)}/cart/items/${w.product.variantId}` }) },
  { method: "DELETE", route: "stores/[store]/cart", expect: all(200), mutates: true, call: (w) => ({ path: `${S(w)}/cart` }) },
  { method: "GET", route: "stores/[store]/orders/[orderId]", expect: ORDER_VIEWERS, call: (w) => ({ path: `${S(w)}/orders/${w.shopperOrderId}` }) },
  { method: "POST", route: "stores/[store]/orders/[orderId]/payment", expect: ORDER_VIEWERS, call: (w) => ({ path: `${S(w)}/orders/${w.shopperOrderId}/payment` }) },
  // A cancelled order back into the caller's own cart: whoever may see the order (the shopper, the store's admins).
  { method: "POST", route: "stores/[store]/orders/[orderId]/put-back", expect: ORDER_VIEWERS, mutates: true, call: (w) => ({ path: `${S(w)}/orders/${w.cancelledOrderId}/put-back` }) },
  // The waitlist: everyone joins a sold-out variant's line as themselves (a guest, token callers included, with an email).
  {
    method: "POST", route: "stores/[store]/waitlist", expect: all(201), mutates: true,
    call: (w, who) => ({ path: `${S(w)}/waitlist`, data: { variantId: w.soldOut.variantId, email: `matrix-wait-${who.toLowerCase()}-${Date.now()}@example.test` } }),
  },
  {
    method: "GET", route: "stores/[store]/waitlist", expect: all(200),
    call: (w) => ({ path: `${S(w)}/waitlist?variantId=${w.soldOut.variantId}` }),
    // Each caller sees their own entry only.
    check: (body) => expect((body as { items: unknown[] }).items).toHaveLength(1),
  },
  // Leaving the line: only the shopper's own entry (everyone else is told it does not exist).
  {
    method: "DELETE", route: "stores/[store]/waitlist/[id]", expect: { ...all(404), shopper: 200 }, mutates: true,
    call: async (w) => ({ path: `${S(w)}/waitlist/${await shopperEntryId(w)}` }),
  },
  // An offer made to the shopper's account: the shopper claims it; a guest must sign in (401), another account is refused (403).
  {
    method: "POST", route: "stores/[store]/waitlist/claim",
    expect: { anonymous: 401, shopper: 200, otherShopper: 403, admin: 403, otherAdmin: 403, token: 401, otherToken: 401, revokedToken: 401 }, mutates: true,
    call: async (w) => ({ path: `${S(w)}/waitlist/claim`, data: { token: await shopperClaimToken(w) } }),
    check: (body, w) => expect((body as { cart: { lines: unknown[] } }).cart.lines).toContainEqual(expect.objectContaining({ variantId: w.claimable.variantId, quantity: 1 })),
  },
  // Admin
  { method: "GET", route: "stores/[store]/admin/inventory", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/inventory` }) },
  { method: "GET", route: "stores/[store]/admin/inventory.csv", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/inventory.csv` }) },
  {
    method: "PATCH", route: "stores/[store]/admin/inventory/[sku]", expect: ADMIN, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/inventory/${encodeURIComponent(w.product.sku)}`, data: { lowStockThreshold: 10 + i, reason: "matrix" } }),
  },
  {
    method: "POST", route: "stores/[store]/admin/inventory/bulk", expect: ADMIN, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/inventory/bulk`, data: { items: [{ sku: w.product.sku, lowStockThreshold: 20 + i }], reason: "matrix" } }),
  },
  // A SKU literally named "bulk" stays reachable with PATCH on the bulk path (this store has none: 404 once authorized).
  {
    method: "PATCH", route: "stores/[store]/admin/inventory/bulk", expect: { ...ADMIN, admin: 404, token: 404 },
    call: (w) => ({ path: `${S(w)}/admin/inventory/bulk`, data: { lowStockThreshold: 1, reason: "matrix" } }),
  },
  { method: "GET", route: "stores/[store]/admin/reservations", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/reservations?status=active` }) },
  { method: "DELETE", route: "stores/[store]/admin/reservations/[holdId]", expect: ADMIN, mutates: true, call: async (w) => ({ path: `${S(w)}/admin/reservations/${await guestHoldId(w)}?reason=matrix` }) },
  { method: "GET", route: "stores/[store]/admin/orders", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/orders` }) },
  { method: "POST", route: "stores/[store]/admin/orders/[orderId]/cancel", expect: ADMIN, mutates: true, call: async (w) => ({ path: `${S(w)}/admin/orders/${await guestOrderId(w)}/cancel`, data: { reason: "matrix" } }) },
  { method: "GET", route: "stores/[store]/admin/movements", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/movements` }) },
  { method: "GET", route: "stores/[store]/admin/health", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/health` }) },
  { method: "GET", route: "stores/[store]/admin/stats", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/stats` }) },
  { method: "GET", route: "stores/[store]/admin/settings", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/settings` }) },
  { method: "PATCH", route: "stores/[store]/admin/settings", expect: ADMIN, mutates: true, call: (w, _who, i) => ({ path: `${S(w)}/admin/settings`, data: { reservationTtlSeconds: 900 + i } }) },
  { method: "GET", route: "stores/[store]/admin/tokens", expect: SESSION_ADMIN, call: (w) => ({ path: `${S(w)}/admin/tokens` }) },
  { method: "POST", route: "stores/[store]/admin/tokens", expect: { ...SESSION_ADMIN, admin: 201 }, mutates: true, call: (w) => ({ path: `${S(w)}/admin/tokens`, data: { name: "matrix minted" } }) },
  {
    method: "DELETE", route: "stores/[store]/admin/tokens/[id]", expect: SESSION_ADMIN, mutates: true,
    call: async (w) => ({ path: `${S(w)}/admin/tokens/${(await createToken({ store: w.store.slug, name: "matrix victim" })).id}` }),
  },
  // The team: session only, like tokens. Each write has a fresh account of its own to add, change or remove.
  { method: "GET", route: "stores/[store]/admin/members", expect: SESSION_ADMIN, call: (w) => ({ path: `${S(w)}/admin/members` }) },
  {
    method: "POST", route: "stores/[store]/admin/members", expect: { ...SESSION_ADMIN, admin: 201 }, mutates: true,
    call: async (w) => ({ path: `${S(w)}/admin/members`, data: { email: (await createUser()).email } }),
  },
  {
    method: "PATCH", route: "stores/[store]/admin/members/[userId]", expect: SESSION_ADMIN, mutates: true,
    call: async (w) => ({ path: `${S(w)}/admin/members/${(await createUser({ store: w.store.slug, role: "ADMIN" })).id}`, data: { role: "ADMIN" } }),
  },
  {
    method: "DELETE", route: "stores/[store]/admin/members/[userId]", expect: SESSION_ADMIN, mutates: true,
    call: async (w) => ({ path: `${S(w)}/admin/members/${(await createUser({ store: w.store.slug, role: "ADMIN" })).id}` }),
  },
  { method: "GET", route: "stores/[store]/admin/orders/[orderId]", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/orders/${w.shopperOrderId}` }) },
  { method: "GET", route: "stores/[store]/admin/events", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/events` }) },
  { method: "GET", route: "stores/[store]/admin/waitlist", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/waitlist` }) },
  // The catalogue.
  { method: "GET", route: "stores/[store]/admin/products", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/products` }) },
  {
    method: "POST", route: "stores/[store]/admin/products", expect: { ...ADMIN, admin: 201, token: 201 }, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/products`, data: { title: "Matrix New", variants: [{ sku: `MX-NEW-${unique(i)}`, title: "One", priceCents: 500 }] } }),
  },
  { method: "GET", route: "stores/[store]/admin/products/[productId]", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/products/${w.catalog.productId}` }) },
  {
    method: "PATCH", route: "stores/[store]/admin/products/[productId]", expect: ADMIN, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/products/${w.catalog.productId}`, data: { description: `matrix ${i}` } }),
  },
  {
    method: "POST", route: "stores/[store]/admin/products/[productId]/variants", expect: { ...ADMIN, admin: 201, token: 201 }, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/products/${w.catalog.productId}/variants`, data: { sku: `MX-VAR-${unique(i)}`, title: `Var ${i}`, priceCents: 700 } }),
  },
  {
    method: "PATCH", route: "stores/[store]/admin/products/[productId]/variants/[variantId]", expect: ADMIN, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/products/${w.catalog.productId}/variants/${w.catalog.variantId}`, data: { priceCents: 1000 + i } }),
  },
  {
    method: "DELETE", route: "stores/[store]/admin/products/[productId]/variants/[variantId]", expect: ADMIN, mutates: true,
    call: async (w, _who, i) => {
      const add = await clients.token.post(`${S(w)}/admin/products/${w.catalog.productId}/variants`, { data: { sku: `MX-DEL-${unique(i)}`, title: `Doomed ${i}`, priceCents: 700 } });
      expect(add.status(), await add.text()).toBe(201);
      const { variant } = (await add.json()) as { variant: { id: string } };
      return { path: `${S(w)}/admin/products/${w.catalog.productId}/variants/${variant.id}` };
    },
    check: (body) => expect(body).toMatchObject({ deleted: true }),
  },
  // Grants: the store (a supplier) lets other stores list its items.
  { method: "GET", route: "stores/[store]/admin/resellers", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/resellers` }) },
  // The first allowed grant creates it (201), the next finds it (200).
  { method: "POST", route: "stores/[store]/admin/resellers", expect: { ...ADMIN, admin: 201 }, mutates: true, call: (w) => ({ path: `${S(w)}/admin/resellers`, data: { store: w.grantee.slug } }) },
  {
    method: "DELETE", route: "stores/[store]/admin/resellers/[reseller]", expect: ADMIN, mutates: true,
    call: async (w) => {
      const grant = await clients.token.post(`${S(w)}/admin/resellers`, { data: { store: w.grantee.slug } });
      expect([200, 201]).toContain(grant.status());
      return { path: `${S(w)}/admin/resellers/${w.grantee.slug}` };
    },
  },
  { method: "GET", route: "stores/[store]/admin/suppliers", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/suppliers` }) },
  { method: "GET", route: "stores/[store]/admin/supplier-items", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/supplier-items` }) },
  // Webhooks (a loopback target: the e2e env allows private targets; nothing listens on port 9, so a test send fails fast).
  { method: "GET", route: "stores/[store]/admin/webhooks", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/webhooks` }) },
  {
    method: "POST", route: "stores/[store]/admin/webhooks", expect: { ...ADMIN, admin: 201, token: 201 }, mutates: true,
    call: (w) => ({ path: `${S(w)}/admin/webhooks`, data: { url: "http://127.0.0.1:9/hook", events: ["order.paid"] } }),
  },
  { method: "GET", route: "stores/[store]/admin/webhooks/[id]", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/webhooks/${w.webhookId}` }) },
  {
    method: "PATCH", route: "stores/[store]/admin/webhooks/[id]", expect: ADMIN, mutates: true,
    call: (w, _who, i) => ({ path: `${S(w)}/admin/webhooks/${w.webhookId}`, data: { events: i % 2 ? ["order.paid"] : ["order.paid", "order.cancelled"] } }),
  },
  { method: "GET", route: "stores/[store]/admin/webhooks/[id]/deliveries", expect: ADMIN, call: (w) => ({ path: `${S(w)}/admin/webhooks/${w.webhookId}/deliveries` }) },
  { method: "POST", route: "stores/[store]/admin/webhooks/[id]/test", expect: ADMIN, mutates: true, call: (w) => ({ path: `${S(w)}/admin/webhooks/${w.webhookId}/test` }) },
  {
    method: "DELETE", route: "stores/[store]/admin/webhooks/[id]", expect: ADMIN, mutates: true,
    call: async (w) => {
      const hook = await clients.token.post(`${S(w)}/admin/webhooks`, { data: { url: "http://127.0.0.1:9/doomed", events: ["order.paid"] } });
      expect(hook.status(), await hook.text()).toBe(201);
      return { path: `${S(w)}/admin/webhooks/${((await hook.json()) as { webhook: { id: string } }).webhook.id}` };
    },
  },
  // Cron: only the cron secret (no caller here has it; a store's API token is not it).
  { method: "GET", route: "cron/cleanup", expect: all(401), call: () => ({ path: "/api/cron/cleanup" }) },
  { method: "GET", route: "cron/payment-sync", expect: all(401), call: () => ({ path: "/api/cron/payment-sync" }) },
  // Payments: a webhook needs the provider's signature, whoever sends it.
  {
    method: "POST", route: "payments/webhooks/[provider]", expect: all(401),
    call: (w) => ({ path: "/api/payments/webhooks/sandbox", data: { id: `evt_${Date.now()}`, type: "payment.succeeded", data: { ref: w.shopperPaymentRef } } }),
  },
  // The sandbox provider's simulation route (exists only while the sandbox is the provider): an unknown payment is 404 for anyone.
  { method: "POST", route: "payments/sandbox/[paymentRef]", expect: all(404), call: () => ({ path: "/api/payments/sandbox/pay_does_not_exist", data: { outcome: "succeed" } }) },
  // Accounts: public; each caller signs up an account of their own.
  {
    method: "POST", route: "auth/signup", expect: all(201), mutates: true,
    // From an address of its own: the suite's other sign-ups must not spend this row's per-IP sign-up budget.
    call: (_w, who) => ({
      path: "/api/auth/signup",
      data: { email: `matrix-${who.toLowerCase()}-${Date.now()}@example.test`, password: "a long enough password 1", name: "Matrix" },
      headers: { "x-forwarded-for": randomIp() },
    }),
  },
];

/** Fields of a refused answer: the error shape and nothing else. */
function expectBareError(body: unknown, status: number) {
  expect(body, `a ${status} answers with the error shape only`).toEqual({
    error: expect.objectContaining({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) }),
  });
  const error = (body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).filter((k) => !["code", "message", "details"].includes(k))).toEqual([]);
}

for (const [n, row] of ROWS.entries()) {
  test(`#${n + 1} ${row.method} /api/${row.route}: ${PRINCIPALS.map((p) => `${p} ${row.expect[p]}`).join(", ")}`, async () => {
    test.setTimeout(90_000);
    const seen: Partial<Record<Principal, number>> = {};
    for (const [i, who] of PRINCIPALS.entries()) {
      const call = await row.call(world, who, i);
      const before = await storeFingerprint(world.store.id);
      const res = await clients[who].fetch(call.path, { method: row.method, data: call.data, headers: call.headers, maxRedirects: 0 });
      seen[who] = res.status();
      const text = await res.text();
      const body: unknown = text && (res.headers()["content-type"] ?? "").includes("json") ? JSON.parse(text) : text;
      if (res.status() >= 400) {
        expectBareError(body, res.status());
        // Nothing of the store leaks into a refusal, and nothing changed.
        expect(text).not.toContain(world.product.sku);
        expect(await storeFingerprint(world.store.id), `${who}'s refused ${row.method} changed the store`).toEqual(before);
      } else {
        if (!row.mutates) expect(await storeFingerprint(world.store.id), `${who}'s ${row.method} was meant to be read-only`).toEqual(before);
        // Nothing of the other store shows through this store's routes.
        expect(text).not.toContain(world.otherProduct.sku);
        row.check?.(body, world, who);
      }
    }
    expect(seen).toEqual(row.expect);
  });
}

test("another store's admin and token see their own store only", async () => {
  const other = world.otherStore.slug;
  for (const who of ["otherAdmin", "otherToken"] as const) {
    const inv = await clients[who].get(`/api/stores/${other}/admin/inventory?limit=500`);
    expect(inv.status()).toBe(200);
    const text = await inv.text();
    expect(text).toContain(world.otherProduct.sku);
    expect(text).not.toContain(world.product.sku);
    for (const p of ["reservations?status=all", "orders", "movements"]) {
      const res = await clients[who].get(`/api/stores/${other}/admin/${p}`);
      expect(res.status(), p).toBe(200);
      const body = await res.text();
      expect(body, p).not.toContain(world.product.sku);
      expect(body, p).not.toContain(world.shopperOrderId);
    }
    // Naming this store's SKU or order through the other store's routes finds nothing.
    const patch = await clients[who].patch(`/api/stores/${other}/admin/inventory/${encodeURIComponent(world.product.sku)}`, { data: { lowStockThreshold: 1, reason: "probe" } });
    expect(patch.status()).toBe(404);
    const cancel = await clients[who].post(`/api/stores/${other}/admin/orders/${world.shopperOrderId}/cancel`, { data: {} });
    expect(cancel.status()).toBe(404);
    const view = await clients[who].get(`/api/stores/${other}/orders/${world.shopperOrderId}`);
    expect(view.status()).toBe(404);
  }
});

test("a reseller's token lists its supplier's items but cannot edit the supplier's catalogue; another store's token 401, a shopper 403", async () => {
  const { catalog } = world;
  const supplier = S(world);
  const own = `/api/stores/${world.reseller.slug}/admin`;
  const reseller = await tokenClient(world.reseller.token);
  try {
    const before = await storeFingerprint(world.store.id);
    // A real pair: the grant shows the supplier's items to the reseller.
    const offered = await reseller.get(`${own}/supplier-items?supplier=${world.store.slug}&limit=200`);
    expect(offered.status(), await offered.text()).toBe(200);
    expect(await offered.text()).toContain(catalog.sku);
    // The supplier's product through the reseller's own routes: not there.
    const product = `${own}/products/${catalog.productId}`;
    const variant = `${product}/variants/${catalog.variantId}`;
    const viaOwn = [
      await reseller.get(product),
      await reseller.patch(product, { data: { title: "Hijacked" } }),
      await reseller.post(`${product}/variants`, { data: { sku: `MX-HIJACK-${unique(0)}`, title: "Hijack", priceCents: 1 } }),
      await reseller.patch(variant, { data: { priceCents: 1 } }),
      await reseller.delete(variant),
    ];
    expect(viaOwn.map((r) => r.status())).toEqual([404, 404, 404, 404, 404]);
    // Through the supplier's routes: the reseller's token is another store's (401), a shopper is no admin (403).
    const path = `${supplier}/admin/products/${catalog.productId}`;
    expect((await reseller.patch(path, { data: { title: "Hijacked" } })).status()).toBe(401);
    expect((await reseller.delete(`${path}/variants/${catalog.variantId}`)).status()).toBe(401);
    expect((await clients.shopper.patch(path, { data: { title: "Hijacked" } })).status()).toBe(403);
    expect((await clients.shopper.delete(`${path}/variants/${catalog.variantId}`)).status()).toBe(403);
    expect(await storeFingerprint(world.store.id)).toEqual(before);
    const [v] = await sql<{ priceCents: number }>(`SELECT "priceCents" FROM "Variant" WHERE id = $1`, [catalog.variantId]);
    expect(v!.priceCents).not.toBe(1);
  } finally {
    await reseller.dispose();
  }
});

test("every route file under app/api has a row in the matrix", () => {
  const root = path.join(process.cwd(), "app/api");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const rel = path.relative(root, dir).split(path.sep).join("/");
        if (rel.startsWith("auth/[...nextauth]")) continue; // Auth.js's own routes (csrf token, sign-in, session)
        const source = readFileSync(full, "utf8");
        for (const m of source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${m[1]} ${rel}`);
        for (const m of source.matchAll(/export\s+const\s+\{([^}]*)\}/g)) {
          for (const name of m[1]!.split(",").map((n) => n.trim())) if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) found.push(`${name} ${rel}`);
        }
      }
    }
  };
  walk(root);
  const covered = new Set(ROWS.map((r) => `${r.method} ${r.route}`));
  expect(found.filter((f) => !covered.has(f)), "routes missing from the authorization matrix").toEqual([]);
});
