// Property-based fuzzing (fast-check) of every route that reads a JSON body: at least 1,000
// generated hostile bodies each (wrong types, huge and fractional numbers, injection strings,
// unknown and prototype-polluting keys, malformed and deeply nested JSON). Bodies the route's own
// zod schema would accept are left out; every other one must be answered 4xx with the error shape
// (never 5xx), and afterwards nothing in the database has changed.
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { addCartItemSchema, setCartItemSchema } from "../../lib/cart/schemas";
import { adjustStockInputSchema, bulkAdjustInputSchema } from "../../lib/inventory/schemas";
import { updateStoreSettingsInputSchema } from "../../lib/admin/schemas";
import { createApiTokenInputSchema } from "../../lib/tokens/schemas";
import { cancelOrderBodySchema } from "../../lib/orders/schemas";
import { sandboxSimulationSchema } from "../../lib/payments/schemas";
import { signUpInputSchema } from "../../lib/users/schemas";
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
});

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
