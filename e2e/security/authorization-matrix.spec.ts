// The authorization matrix: every HTTP route × every kind of caller → the expected status. A
// refused request changes nothing in the store (its fingerprint is the same before and after) and
// its body is the error shape alone; allowed callers see only their own data. A last test lists
// app/api's route files, so a new route cannot be added without a row here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createToken, createUser, sql } from "../support/fixtures";
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
  world = { store, otherStore, product, otherProduct, shopperOrderId: placed.orderId, shopperPaymentRef: placed.paymentRef!, tokenIds: { token: token.id } };
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
