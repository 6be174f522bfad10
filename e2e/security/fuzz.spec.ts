// Property-based fuzzing (fast-check) of every route that reads a JSON body: at least 1,000
// generated hostile bodies each (wrong types, huge and fractional numbers, injection strings,
// unknown and prototype-polluting keys, malformed and deeply nested JSON). Bodies the route's own
// zod schema would accept are left out; every other one must be answered 4xx with the error shape
// (never 5xx), and afterwards nothing in the database has changed.
// Then every route, one by one, with the bytes and values PostgreSQL refuses (NUL, unpaired
// surrogates, numbers past int4/int8, year-99999 dates) in its path, query, JSON body, CSV cells and
// headers: each is a 400 INVALID_INPUT (TRACE and other unknown methods: 405), nothing changes.
// Pages too (proxy.ts refuses their hostile URLs before they render), and Auth.js's credentials
// callback, which answers a refused sign-in with its own redirect (never a 5xx).
import { createHash } from "node:crypto";
import http from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { addCartItemSchema, setCartItemSchema } from "../../lib/cart/schemas";
import { adjustStockInputSchema, bulkAdjustInputSchema } from "../../lib/inventory/schemas";
import { updateStoreSettingsInputSchema } from "../../lib/admin/schemas";
import { createApiTokenInputSchema } from "../../lib/tokens/schemas";
import { cancelOrderBodySchema } from "../../lib/orders/schemas";
import { sandboxSimulationSchema } from "../../lib/payments/schemas";
import { signUpInputSchema } from "../../lib/users/schemas";
import { signSandboxPayload } from "../../lib/payments/sandbox/sandbox-signature";
import { E2E_AUTH_SECRET, E2E_CRON_SECRET } from "../support/e2e-env.mjs";
import { createToken, createUser } from "../support/fixtures";
import { signedInClient } from "../support/auth";
import { APP_URL, createStore, globalFingerprint, newClient, placeOrder, randomIp, stockedProduct } from "./security-fixtures";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const CONCURRENCY = 12;

type Schema = { safeParse(v: unknown): { success: boolean } };
type Target = {
  name: string;
  method: "POST" | "PATCH";
  path: string;
  headers?: Record<string, string>;
  /** Keys of the valid shape, for near-valid bodies. */
  keys: string[];
  /** True when the route would accept this body text (such bodies are not sent). */
  accepts: (text: string) => boolean;
};

const parsesWith = (schema: Schema, options: { emptyIsValid?: boolean } = {}) => (text: string) => {
  if (options.emptyIsValid && text.trim() === "") return true;
  try {
    return schema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
};

// ---- generators -------------------------------------------------------------------------------

const nastyStrings = fc.constantFrom(
  "", " ", "0", "-1", "1e9999", "NaN", "Infinity", "null", "true", "[]", "{}",
  "'; DROP TABLE \"Hold\"; --", "' OR '1'='1", "\") OR 1=1 --", "$where", "{\"$gt\":\"\"}",
  "<script>alert(1)</script>", "../../../../etc/passwd", "%00", "\u0000", "\uFEFF", "\u202E", "😀".repeat(50),
  "x".repeat(10_000), "{{7*7}}", "${7*7}", "__proto__", "constructor",
);
const nastyNumbers = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1, 98, 99, 100, 101, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e21, 1e308, -1e308, 0.5, 1.0000001, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const scalar = fc.oneof(nastyNumbers, nastyStrings, fc.string(), fc.string({ unit: "grapheme", maxLength: 40 }), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const extraKeys = fc.dictionary(fc.constantFrom("extra", "id", "storeId", "isAdmin", "role", "price", "priceCents", "stock", "reserved", "userId", "$where"), value, { maxKeys: 3 });

/** Near-valid: the route's own keys (some missing) with hostile values, plus unknown keys, sometimes prototype pollution. */
function nearValid(keys: string[]) {
  return fc
    .tuple(fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }), extraKeys, fc.constantFrom("none", "proto", "constructor"))
    .map(([own, extra, pollute]) => {
      const text = JSON.stringify({ ...own, ...extra });
      if (pollute === "none" || text === "{}") return text;
      const key = pollute === "proto" ? "__proto__" : "constructor";
      return `{"${key}":{"isAdmin":true,"prototype":{"polluted":1}},${text.slice(1)}`;
    });
}

const malformed = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1) + "\u0000"),
  fc.constantFrom("{", "}", "[", "{\"a\":}", "{'quantity': 1}", "quantity=1", "{\"quantity\":01}", "{\"quantity\":1,}", "\"unterminated", "NaN", "undefined"),
);
const huge = fc.oneof(
  fc.integer({ min: 100, max: 20_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 100, max: 5_000 }).map((n) => "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => JSON.stringify({ quantity: 1, variantId: "v".repeat(n) })),
  fc.constant(JSON.stringify({ items: Array.from({ length: 5001 }, (_, i) => ({ sku: `S${i}`, stock: 1 })), reason: "too many" })),
);

function bodies(keys: string[]) {
  return fc.oneof(
    { weight: 6, arbitrary: nearValid(keys) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null") },
    { weight: 2, arbitrary: malformed },
    { weight: 1, arbitrary: huge },
  );
}

// ---- the run ----------------------------------------------------------------------------------

type Outcome = { status: number; text: string; contentType: string };

async function send(t: Target, body: string, contentType: string): Promise<Outcome> {
  const res = await fetch(`${APP_URL}${t.path}`, {
    method: t.method,
    headers: { "content-type": contentType, "x-forwarded-for": randomIp(), ...t.headers },
    body,
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") ?? "" };
}

/** Runs `RUNS` bodies the route must refuse through it, CONCURRENCY at a time; returns the statuses seen. */
async function fuzz(t: Target): Promise<Record<number, number>> {
  const seen: Record<number, number> = {};
  const failures: string[] = [];
  const arb = fc.tuple(bodies(t.keys), fc.constantFrom("application/json", "application/json", "application/json", "text/plain", "application/json; charset=utf-8"));
  let sent = 0;
  // fc.assert drives the generation (and reports the seed on failure); requests go out in parallel batches.
  let batch: Promise<void>[] = [];
  await fc.assert(
    fc.asyncProperty(arb, async ([body, contentType]) => {
      fc.pre(!t.accepts(body));
      sent++;
      batch.push(
        send(t, body, contentType).then((r) => {
          seen[r.status] = (seen[r.status] ?? 0) + 1;
          const ok = r.status >= 400 && r.status < 500 && r.contentType.includes("application/json") && isErrorShape(r.text);
          if (!ok && failures.length < 5) failures.push(`${r.status} ${r.text.slice(0, 200)} ← ${contentType} ${body.slice(0, 300)}`);
        }),
      );
      if (batch.length >= CONCURRENCY) {
        await Promise.all(batch);
        batch = [];
      }
      return true;
    }),
    { numRuns: RUNS, maxSkipsPerRun: 1000, endOnFailure: true },
  );
  await Promise.all(batch);
  expect(sent).toBeGreaterThanOrEqual(RUNS);
  expect(failures, `${t.name}: answers that are not a 4xx error`).toEqual([]);
  return seen;
}

function isErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return Object.keys(body).length === 1 && typeof body.error?.code === "string" && typeof body.error.message === "string" && !/prisma|SELECT |at \w+ \(|\.ts:\d+/i.test(text);
  } catch {
    return false;
  }
}

let targets: Target[] = [];
let hostileCases: HostileCase[] = [];

/** Every route file under app/api as a path pattern (`[param]` one segment, `[...rest]` several). */
function apiRoutePatterns(): { file: string; pattern: RegExp }[] {
  const root = path.join(process.cwd(), "app", "api");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => {
      const dir = path.dirname(f).split(path.sep).filter((seg) => seg !== "." && !/^\(.*\)$/.test(seg));
      const body = dir.map((seg) => (seg.startsWith("[...") ? ".+" : seg.startsWith("[") ? "[^/]+" : seg.replace(/[.*+?^${}()|\\]/g, "\\$&"))).join("/");
      return { file: `app/api/${f}`, pattern: new RegExp(`^/api${body ? `/${body}` : ""}/?$`) };
    });
}

type HostileCase = { name: string; method: string; path: string; body?: string | Buffer; type?: string; headers?: Record<string, string>; status?: number };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const store = await createStore("fuzz");
  const product = await stockedProduct(store.slug, 100);
  const admin = await createUser({ store: store.slug });
  const token = await createToken({ store: store.slug });
  const session = await signedInClient(admin);
  const cookie = (await session.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await session.dispose();
  const buyer = await newClient();
  const { orderId, paymentRef } = await placeOrder(buyer, store.slug, product.variantId);
  await buyer.dispose();
  const bearer = { authorization: `Bearer ${token.token}` };
  const S = `/api/stores/${store.slug}`;
  targets = [
    { name: "add to cart", method: "POST", path: `${S}/cart/items`, keys: ["variantId", "quantity"], accepts: parsesWith(addCartItemSchema) },
    { name: "set a cart line", method: "PATCH", path: `${S}/cart/items/${product.variantId}`, keys: ["quantity"], accepts: parsesWith(setCartItemSchema) },
    { name: "adjust one SKU", method: "PATCH", path: `${S}/admin/inventory/${encodeURIComponent(product.sku)}`, headers: bearer, keys: ["stock", "adjust", "lowStockThreshold", "reason"], accepts: parsesWith(adjustStockInputSchema) },
    { name: "bulk import", method: "POST", path: `${S}/admin/inventory/bulk`, headers: bearer, keys: ["items", "reason"], accepts: parsesWith(bulkAdjustInputSchema) },
    { name: "store settings", method: "PATCH", path: `${S}/admin/settings`, headers: bearer, keys: ["reservationTtlSeconds", "paymentTimeoutSeconds", "maxHoldExtensions", "lowStockDefault"], accepts: parsesWith(updateStoreSettingsInputSchema) },
    { name: "mint a token", method: "POST", path: `${S}/admin/tokens`, headers: { cookie, origin: APP_URL }, keys: ["name"], accepts: parsesWith(createApiTokenInputSchema) },
    { name: "cancel an order", method: "POST", path: `${S}/admin/orders/${orderId}/cancel`, headers: bearer, keys: ["reason"], accepts: parsesWith(cancelOrderBodySchema, { emptyIsValid: true }) },
    { name: "sandbox outcome", method: "POST", path: `/api/payments/sandbox/${paymentRef}`, keys: ["outcome"], accepts: parsesWith(sandboxSimulationSchema) },
    { name: "payment webhook (unsigned or badly signed)", method: "POST", path: "/api/payments/webhooks/sandbox", headers: { "sandbox-signature": "t=1,v1=00" }, keys: ["id", "type", "data"], accepts: () => false },
    { name: "sign-up", method: "POST", path: "/api/auth/signup", keys: ["email", "password", "name"], accepts: parsesWith(signUpInputSchema) },
  ];
  hostileCases = hostileCasesFor({
    S,
    slug: store.slug,
    variantId: product.variantId,
    productId: product.productId,
    productSlug: product.slug,
    sku: product.sku,
    orderId,
    paymentRef: paymentRef ?? "none",
    bearer,
    cookie,
  });
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const NUL = "\u0000";
const LONE = "\ud800";

/** The issue's list and more: every route, with what PostgreSQL refuses in each place a value can go. */
function hostileCasesFor(c: {
  S: string;
  slug: string;
  variantId: string;
  productId: string;
  productSlug: string;
  sku: string;
  orderId: string;
  paymentRef: string;
  bearer: Record<string, string>;
  cookie: string;
}): HostileCase[] {
  const { S, bearer } = c;
  const A = `${S}/admin`;
  const session = { cookie: c.cookie, origin: APP_URL };
  const json = (name: string, method: string, path: string, body: unknown, headers?: Record<string, string>): HostileCase => ({ name, method, path, body: JSON.stringify(body), type: "application/json", headers });
  const get = (name: string, path: string, headers?: Record<string, string>): HostileCase => ({ name, method: "GET", path, headers });
  const csv = (name: string, path: string, text: string): HostileCase => ({ name, method: "POST", path, body: Buffer.from(text, "utf8"), type: "text/csv", headers: bearer });
  const bare = (name: string, method: string, path: string, headers?: Record<string, string>): HostileCase => ({ name, method, path, headers });
  const variant = { sku: `FZ-${Date.now().toString(36)}`, title: "One", priceCents: 100 };
  const farDate = "+099999-01-01T00:00:00.000Z";
  const sandboxSecret = createHash("sha256").update(`sandbox-webhook:${E2E_AUTH_SECRET}`).digest("hex");
  const event = JSON.stringify({ id: `evt_${NUL}`, type: "payment.succeeded", data: { ref: c.paymentRef } });
  return [
    // shopper routes
    get("stock: NUL in an id", `${S}/stock?variantIds=a%00b`),
    get("stock: NUL in the parameter name", `${S}/stock?variant%00Ids=a`),
    get("products: int4 overflow in the cursor", `${S}/products?cursor=${b64([2147483648, "x"])}`),
    get("products: 1e308 in the cursor", `${S}/products?cursor=${b64([1e308, "x"])}`),
    get("products: NUL in the cursor", `${S}/products?cursor=${b64([1, `x${NUL}`])}`),
    get("products: extreme limit", `${S}/products?limit=1e308`),
    get("products: NUL in the store", `/api/stores/d%00/products`),
    get("cart: malformed escape in the store", `/api/stores/%ED%A0%80/cart`),
    json("add: NUL in the variant id", "POST", `${S}/cart/items`, { variantId: `v${NUL}`, quantity: 1 }),
    json("add: lone surrogate in the variant id", "POST", `${S}/cart/items`, { variantId: `v${LONE}`, quantity: 1 }),
    json("add: 1e308 units", "POST", `${S}/cart/items`, { variantId: c.variantId, quantity: 1e308 }),
    json("add: int4 overflow", "POST", `${S}/cart/items`, { variantId: c.variantId, quantity: 2147483648 }),
    json("set: NUL in the path", "PATCH", `${S}/cart/items/v%00`, { quantity: 1 }),
    json("set: -2^63", "PATCH", `${S}/cart/items/${c.variantId}`, { quantity: -9223372036854775808 }),
    { name: "remove: NUL in the path", method: "DELETE", path: `${S}/cart/items/v%00` },
    get("order: NUL in the id", `${S}/orders/o%00`),
    json("sign-up: NUL in the name", "POST", "/api/auth/signup", { email: `nul-${Date.now()}@example.test`, password: "long-enough-pass", name: `a${NUL}b` }),
    json("sign-up: lone surrogate in the email", "POST", "/api/auth/signup", { email: `x${LONE}@example.test`, password: "long-enough-pass", name: "A" }),
    json("sign-up: NUL in the password", "POST", "/api/auth/signup", { email: `pw-${Date.now()}@example.test`, password: `long-enough${NUL}`, name: "A" }),
    // admin filters and cursors
    get("inventory: NUL in q", `${A}/inventory?q=%00`, bearer),
    get("inventory: NUL in state", `${A}/inventory?state=%00`, bearer),
    get("inventory: NUL in the cursor", `${A}/inventory?cursor=${b64([`a${NUL}`, "b"])}`, bearer),
    get("inventory: extreme limit", `${A}/inventory?limit=99999999999999999999`, bearer),
    get("reservations: NUL in sku", `${A}/reservations?sku=%00`, bearer),
    get("reservations: NUL in status", `${A}/reservations?status=%00`, bearer),
    get("reservations: year 99999 in the cursor", `${A}/reservations?cursor=${b64([farDate, "x"])}`, bearer),
    get("reservations: year 99999 (no sign) in the cursor", `${A}/reservations?cursor=${b64(["99999-01-01T00:00:00.000Z", "x"])}`, bearer),
    get("orders: NUL in q", `${A}/orders?q=%00`, bearer),
    get("orders: NUL in status", `${A}/orders?status=%00`, bearer),
    get("orders: year 99999 in the cursor", `${A}/orders?cursor=${b64([farDate, "x"])}`, bearer),
    get("orders: NUL in the cursor", `${A}/orders?cursor=${b64(["2026-01-01T00:00:00.000Z", `x${NUL}`])}`, bearer),
    get("movements: NUL in sku", `${A}/movements?sku=%00`, bearer),
    get("movements: cursor=abc", `${A}/movements?cursor=abc`, bearer),
    get("movements: int8 overflow in the cursor", `${A}/movements?cursor=99999999999999999999`, bearer),
    get("stats: extreme items", `${A}/stats?items=1e308`, bearer),
    get("stats: NUL in range", `${A}/stats?range=%00`, bearer),
    json("adjust: NUL in the SKU", "PATCH", `${A}/inventory/S%00`, { stock: 1, reason: "x" }, bearer),
    json("adjust: NUL in the reason", "PATCH", `${A}/inventory/${encodeURIComponent(c.sku)}`, { stock: 1, reason: `r${NUL}` }, bearer),
    json("adjust: 1e308 stock", "PATCH", `${A}/inventory/${encodeURIComponent(c.sku)}`, { stock: 1e308, reason: "x" }, bearer),
    json("adjust: int4 underflow", "PATCH", `${A}/inventory/${encodeURIComponent(c.sku)}`, { adjust: -2147483649, reason: "x" }, bearer),
    json("bulk: NUL in the reason", "POST", `${A}/inventory/bulk`, { items: [{ sku: c.sku, stock: 5 }], reason: `r${NUL}` }, bearer),
    json("bulk: lone surrogate in a SKU", "POST", `${A}/inventory/bulk`, { items: [{ sku: `${c.sku}${LONE}`, stock: 5 }], reason: "r" }, bearer),
    csv("bulk CSV: NUL in a cell", `${A}/inventory/bulk?reason=r`, `sku,stock\n${c.sku}\u0000,5\n`),
    csv("bulk CSV: NUL in the reason", `${A}/inventory/bulk?reason=r%00`, `sku,stock\n${c.sku},5\n`),
    csv("bulk CSV: a number past int8", `${A}/inventory/bulk?reason=r`, `sku,stock\n${c.sku},99999999999999999999\n`),
    json("settings: 1e308", "PATCH", `${A}/settings`, { reservationTtlSeconds: 1e308 }, bearer),
    json("token: NUL in the name", "POST", `${A}/tokens`, { name: `t${NUL}` }, session),
    { name: "token: NUL in the id", method: "DELETE", path: `${A}/tokens/t%00`, headers: session },
    { name: "hold: NUL in the id", method: "DELETE", path: `${A}/reservations/h%00?reason=x`, headers: bearer },
    { name: "hold: NUL in the reason", method: "DELETE", path: `${A}/reservations/h1?reason=%00`, headers: bearer },
    json("cancel: NUL in the id", "POST", `${A}/orders/o%00/cancel`, { reason: "x" }, bearer),
    json("cancel: NUL in the reason", "POST", `${A}/orders/${c.orderId}/cancel`, { reason: `r${NUL}` }, bearer),
    // payments and jobs
    { name: "webhook: NUL in a signed event's id", method: "POST", path: "/api/payments/webhooks/sandbox", body: event, type: "application/json", headers: { "sandbox-signature": signSandboxPayload(event, sandboxSecret, new Date()) } },
    json("sandbox: NUL in the ref", "POST", `/api/payments/sandbox/p%00`, { outcome: "succeed" }),
    get("cron: NUL in a flag", `/api/cron/cleanup?dryRun=%00`, { authorization: `Bearer ${E2E_CRON_SECRET}` }),
    // pages (proxy.ts: pages are outside route())
    get("page: NUL in a product slug", `/${c.slug}/products/a%00b`),
    get("page: NUL in a product page's query", `/${c.slug}/products/${c.productSlug}?v=%00`),
    get("page: lone surrogate (CESU escape) in a product slug", `/${c.slug}/products/%ED%A0%80`),
    get("page: NUL in the store", `/d%00`),
    get("page: NUL in the shop's search", `/${c.slug}?q=a%00`),
    get("page: NUL in an order id", `/${c.slug}/orders/o%00`),
    get("page: NUL in an order link's key", `/${c.slug}/orders/${c.orderId}?key=%00`),
    get("page: NUL in a claim token", `/${c.slug}/waitlist/claim?token=a%00`),
    get("page: NUL in a dashboard path", `/${c.slug}/admin/orders/o%00`, { cookie: c.cookie }),
    // shopper routes without a body (the URL is all they read)
    get("cart: NUL in a query", `${S}/cart?x=%00`),
    bare("clear cart: NUL in a query", "DELETE", `${S}/cart?x=%00`),
    bare("clear cart: NUL in the store", "DELETE", `/api/stores/d%00/cart`),
    bare("extend: NUL in a query", "POST", `${S}/cart/extend?x=%00`),
    bare("extend: NUL in the store", "POST", `/api/stores/d%00/cart/extend`),
    bare("fix: NUL in a query", "POST", `${S}/cart/fix?x=%00`),
    bare("fix: lone surrogate (CESU escape) in the store", "POST", `/api/stores/%ED%A0%80/cart/fix`),
    bare("pay: NUL in the order id", "POST", `${S}/orders/o%00/payment`),
    bare("pay: lone surrogate (CESU escape) in the order id", "POST", `${S}/orders/%ED%A0%80/payment`),
    bare("put back: NUL in the order id", "POST", `${S}/orders/o%00/put-back`),
    // shopper waitlist
    json("join waitlist: NUL in the variant id", "POST", `${S}/waitlist`, { variantId: `v${NUL}`, email: "fuzz@example.test" }),
    json("join waitlist: lone surrogate in the email", "POST", `${S}/waitlist`, { variantId: c.variantId, email: `w${LONE}@example.test` }),
    json("join waitlist: 1e308 units", "POST", `${S}/waitlist`, { variantId: c.variantId, email: "fuzz@example.test", quantity: 1e308 }),
    get("my waitlist: NUL in the variant id", `${S}/waitlist?variantId=%00`),
    bare("leave waitlist: NUL in the id", "DELETE", `${S}/waitlist/w%00`),
    json("claim: NUL in the token", "POST", `${S}/waitlist/claim`, { token: `t${NUL}` }),
    json("claim: lone surrogate in the token", "POST", `${S}/waitlist/claim`, { token: `t${LONE}` }),
    // admin: events, orders, CSV export, health
    get("events: NUL in types", `${A}/events?types=%00`, bearer),
    get("events: an event id past int8", `${A}/events?after=evt_99999999999999999999`, bearer),
    get("events: extreme limit", `${A}/events?limit=1e308`, bearer),
    get("order (admin): NUL in the id", `${A}/orders/o%00`, bearer),
    get("inventory CSV: NUL in a query", `${A}/inventory.csv?x=%00`, bearer),
    get("health (admin): NUL in a query", `${A}/health?x=%00`, bearer),
    // admin: catalogue
    get("products (admin): NUL in q", `${A}/products?q=%00`, bearer),
    get("products (admin): extreme limit", `${A}/products?limit=1e308`, bearer),
    get("product (admin): NUL in the id", `${A}/products/p%00`, bearer),
    json("create product: NUL in the title", "POST", `${A}/products`, { title: `t${NUL}`, variants: [variant] }, bearer),
    json("create product: lone surrogate in the description", "POST", `${A}/products`, { title: "T", description: `d${LONE}`, variants: [variant] }, bearer),
    json("create product: year 99999 release", "POST", `${A}/products`, { title: "T", releaseAt: farDate, variants: [variant] }, bearer),
    json("create product: int4 overflow price", "POST", `${A}/products`, { title: "T", variants: [{ ...variant, priceCents: 2147483648 }] }, bearer),
    json("edit product: NUL in the title", "PATCH", `${A}/products/${c.productId}`, { title: `t${NUL}` }, bearer),
    json("edit product: 1e308 per-customer limit", "PATCH", `${A}/products/${c.productId}`, { perCustomerLimit: 1e308 }, bearer),
    json("edit product: NUL in the id", "PATCH", `${A}/products/p%00`, { title: "T" }, bearer),
    json("add variant: NUL in the product id", "POST", `${A}/products/p%00/variants`, variant, bearer),
    json("add variant: lone surrogate in the title", "POST", `${A}/products/${c.productId}/variants`, { ...variant, title: `v${LONE}` }, bearer),
    json("add variant: -2^63 stock", "POST", `${A}/products/${c.productId}/variants`, { ...variant, stock: -9223372036854775808 }, bearer),
    json("edit variant: NUL in the title", "PATCH", `${A}/products/${c.productId}/variants/${c.variantId}`, { title: `v${NUL}` }, bearer),
    json("edit variant: int4 overflow position", "PATCH", `${A}/products/${c.productId}/variants/${c.variantId}`, { position: 2147483648 }, bearer),
    bare("delete variant: NUL in the id", "DELETE", `${A}/products/${c.productId}/variants/v%00`, bearer),
    // admin: resellers and suppliers
    get("resellers: NUL in a query", `${A}/resellers?x=%00`, bearer),
    json("grant: NUL in the reseller", "POST", `${A}/resellers`, { store: `r${NUL}` }, bearer),
    json("grant: lone surrogate in the reseller", "POST", `${A}/resellers`, { store: `r${LONE}` }, bearer),
    bare("revoke: NUL in the reseller", "DELETE", `${A}/resellers/r%00`, bearer),
    get("suppliers: NUL in a query", `${A}/suppliers?x=%00`, bearer),
    get("supplier items: NUL in q", `${A}/supplier-items?q=%00`, bearer),
    get("supplier items: NUL in the supplier", `${A}/supplier-items?supplier=%00`, bearer),
    get("supplier items: extreme limit", `${A}/supplier-items?limit=99999999999999999999`, bearer),
    // admin: the team (a signed-in member only)
    get("members: NUL in a query", `${A}/members?x=%00`, session),
    json("add member: NUL in the email", "POST", `${A}/members`, { email: `a${NUL}@example.test` }, session),
    json("change role: NUL in the user id", "PATCH", `${A}/members/u%00`, { role: "ADMIN" }, session),
    json("change role: lone surrogate in the role", "PATCH", `${A}/members/u1`, { role: `ADMIN${LONE}` }, session),
    bare("remove member: NUL in the user id", "DELETE", `${A}/members/u%00`, session),
    // admin: webhooks
    get("webhooks: NUL in a query", `${A}/webhooks?x=%00`, bearer),
    json("create webhook: NUL in the URL", "POST", `${A}/webhooks`, { url: `https://example.test/${NUL}`, events: ["order.paid"] }, bearer),
    json("create webhook: lone surrogate in an event", "POST", `${A}/webhooks`, { url: "https://example.test/h", events: [`order.paid${LONE}`] }, bearer),
    get("webhook: NUL in the id", `${A}/webhooks/w%00`, bearer),
    json("edit webhook: NUL in the URL", "PATCH", `${A}/webhooks/w1`, { url: `https://example.test/${NUL}` }, bearer),
    bare("delete webhook: NUL in the id", "DELETE", `${A}/webhooks/w%00`, bearer),
    get("deliveries: int8 overflow in the cursor", `${A}/webhooks/w1/deliveries?cursor=99999999999999999999`, bearer),
    get("deliveries: extreme limit", `${A}/webhooks/w1/deliveries?limit=1e308`, bearer),
    bare("test delivery: NUL in the id", "POST", `${A}/webhooks/w%00/test`, bearer),
    // admin: the waitlist
    get("waitlist (admin): NUL in sku", `${A}/waitlist?sku=%00`, bearer),
    get("waitlist (admin): extreme limit", `${A}/waitlist?limit=1e308`, bearer),
    get("payment sync: NUL in a flag", `/api/cron/payment-sync?dryRun=%00`, { authorization: `Bearer ${E2E_CRON_SECRET}` }),
    // headers
    json("checkout: an overlong Idempotency-Key", "POST", `${S}/checkout`, {}, { "idempotency-key": "k".repeat(10_000) }),
    // methods
    { name: "TRACE on an API route", method: "TRACE", path: `${S}/products`, status: 405 },
    { name: "TRACE on the health check", method: "TRACE", path: "/api/health", status: 405 },
    get("OpenAPI document: NUL in the query", "/api/openapi.json?x=%00", {}),
    { name: "TRACE on the OpenAPI document", method: "TRACE", path: "/api/openapi.json", status: 405 },
    { name: "TRACE on a page", method: "TRACE", path: `/${c.slug}`, status: 405 },
    { name: "PROPFIND on a page", method: "PROPFIND", path: `/${c.slug}`, status: 405 },
  ];
}

/** One request over node:http (fetch refuses TRACE and raw bytes), from the trusted loopback proxy. */
function rawRequest(t: HostileCase): Promise<{ status: number; text: string; contentType: string }> {
  const url = new URL(APP_URL);
  return new Promise((resolve, reject) => {
    const body = t.body === undefined ? undefined : Buffer.isBuffer(t.body) ? t.body : Buffer.from(t.body, "utf8");
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: t.method,
        path: t.path,
        headers: { "x-forwarded-for": randomIp(), ...(body ? { "content-type": t.type ?? "application/json", "content-length": body.length } : {}), ...t.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, contentType: String(res.headers["content-type"] ?? "") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("every JSON route refuses 1,000+ hostile bodies with a 4xx and changes nothing", async () => {
  test.setTimeout(600_000);
  const before = await globalFingerprint();
  const report: Record<string, Record<number, number>> = {};
  for (const t of targets) {
    const t0 = Date.now();
    report[t.name] = await fuzz(t);
    console.log(`[fuzz] ${t.name}: ${JSON.stringify(report[t.name])} in ${Date.now() - t0} ms`);
    expect(await globalFingerprint(), `${t.name} changed the database`).toEqual(before);
  }
  for (const [name, statuses] of Object.entries(report)) {
    expect(Object.keys(statuses).every((s) => Number(s) < 500), `${name}: ${JSON.stringify(statuses)}`).toBe(true);
  }
});

test("every route answers NUL, unpaired surrogates, extreme numbers and dates with 400 (unknown methods 405) and changes nothing", async () => {
  test.setTimeout(120_000);
  const before = await globalFingerprint();
  const wrong: string[] = [];
  for (const c of hostileCases) {
    const r = await rawRequest(c);
    const want = c.status ?? 400;
    const shaped = r.contentType.includes("application/json") && isErrorShape(r.text);
    const code = shaped ? (JSON.parse(r.text) as { error: { code: string } }).error.code : null;
    if (r.status !== want || !shaped || code !== (want === 405 ? "METHOD_NOT_ALLOWED" : "INVALID_INPUT")) wrong.push(`${c.name}: ${c.method} ${c.path.slice(0, 80)} → ${r.status} ${r.text.slice(0, 160)}`);
  }
  expect(wrong, "routes that did not refuse hostile input with the right status").toEqual([]);
  // Every route file under app/api has at least one case (Auth.js's catch-all has its own test below).
  const uncovered = apiRoutePatterns()
    .filter((r) => !r.file.includes("[...nextauth]"))
    .filter((r) => !hostileCases.some((c) => r.pattern.test(c.path.split("?")[0]!)))
    .map((r) => r.file);
  expect(uncovered, "route files with no hostile case").toEqual([]);
  expect(await globalFingerprint()).toEqual(before);
});

test("the credentials sign-in (Auth.js's callback) refuses NUL bytes and bad escapes with a redirect to its error, never a 5xx or a session", async () => {
  const client = await newClient({ "x-forwarded-for": randomIp() });
  try {
    const csrf = await client.get("/api/auth/csrf");
    expect(csrf.status()).toBe(200);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    // Raw form bodies (already percent-encoded): a form cannot carry an unpaired surrogate, only a CESU escape of one.
    const cases: [string, string, string][] = [
      ["NUL in the email", "a%00%40example.test", "long-enough-pass"],
      ["NUL in the password", "someone%40example.test", "long-enough%00pass"],
      ["a lone surrogate's CESU escape in the email", "x%ED%A0%80%40example.test", "long-enough-pass"],
    ];
    for (const [name, email, password] of cases) {
      const res = await client.post("/api/auth/callback/credentials", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        data: `csrfToken=${encodeURIComponent(csrfToken)}&email=${email}&password=${password}&callbackUrl=${encodeURIComponent(`${APP_URL}/`)}`,
        maxRedirects: 0,
      });
      expect(res.status(), `${name}: ${await res.text()}`).toBeLessThan(500);
      if (res.status() < 400) expect(res.headers()["location"] ?? "", name).toContain("error=");
      const session = (await (await client.get("/api/auth/session")).json()) as { user?: unknown } | null;
      expect(session?.user ?? null, name).toBeNull();
    }
  } finally {
    await client.dispose();
  }
});
