// The production build's structured logs (LOG_FILE, JSON lines): a request's id comes back in its
// x-request-id header and is on every log line the request caused, the inventory engine's included;
// and the logs of a whole journey (sign-in, holds, checkout, payment, jobs, admin) hold no password,
// token, cookie or secret.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { signIn } from "../support/auth";
import { APP_URL, createProduct, createToken, createUser, E2E_CRON_SECRET } from "../support/fixtures";
import { E2E_AUTH_SECRET } from "../support/e2e-env.mjs";
import { E2E_LOG_FILE } from "./log-file.mjs";

type LogLine = Record<string, unknown> & { level: string; time: string; msg?: string; requestId?: string };

const STORE = "/api/stores/demo";

function fileSize(): number {
  try {
    return statSync(E2E_LOG_FILE).size;
  } catch {
    return 0;
  }
}

/** The raw text written since `from` (a byte offset). */
function logTextSince(from: number): string {
  return readFileSync(E2E_LOG_FILE).subarray(from).toString("utf8");
}

/** Every line since `from`, each of which must be a JSON object with a level and an ISO time. */
function logLinesSince(from: number): LogLine[] {
  return logTextSince(from)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const line = JSON.parse(l) as LogLine;
      expect(typeof line.level, l).toBe("string");
      expect(new Date(line.time).toISOString(), l).toBe(line.time);
      return line;
    });
}

function newRequestId(label: string): string {
  return `e2e-${label}-${randomBytes(6).toString("hex")}`;
}

/** The lines of one request, once its own "request" line is written. */
async function linesOf(requestId: string, from: number): Promise<LogLine[]> {
  await expect.poll(() => logLinesSince(from).some((l) => l.requestId === requestId && l.msg === "request")).toBe(true);
  return logLinesSince(from).filter((l) => l.requestId === requestId);
}

async function newClient(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: APP_URL });
}

function refOf(redirectUrl: string): string {
  const m = /\/pay\/sandbox\/([A-Za-z0-9_-]+)$/.exec(redirectUrl);
  if (!m) throw new Error(`not a sandbox payment page: ${redirectUrl}`);
  return m[1]!;
}

test.describe("request ids in the logs", () => {
  test("the caller's x-request-id comes back and is on every line the request caused, the engine's included", async () => {
    const from = fileSize();
    const product = await createProduct({ stock: 4, title: "Observed Tee" });
    const shopper = await newClient();
    try {
      const id = newRequestId("hold");
      const res = await shopper.post(`${STORE}/cart/items`, { data: { variantId: product.variantId, quantity: 1 }, headers: { "x-request-id": id } });
      expect(res.status(), await res.text()).toBe(200);
      expect(res.headers()["x-request-id"]).toBe(id);

      const lines = await linesOf(id, from);
      expect(lines.find((l) => l.msg === "request")).toMatchObject({
        level: "info",
        method: "POST",
        route: "/api/stores/[store]/cart/items",
        store: "demo",
        status: 200,
        outcome: "ok",
        durationMs: expect.any(Number),
      });
      expect(lines.find((l) => l.op === "inventory.hold")).toMatchObject({ level: "debug", outcome: "ok", sku_count: 1, variant_id: product.variantId, store: "demo" });
      // Nothing the request caused went out without its id: every line about this new item has it.
      const aboutItem = logLinesSince(from).filter((l) => JSON.stringify(l).includes(product.variantId));
      expect(aboutItem.length).toBeGreaterThan(0);
      expect(aboutItem.map((l) => l.requestId)).toEqual(aboutItem.map(() => id));

      // A refusal: the same, with the error code on the engine's line and the request's.
      const refusedId = newRequestId("refused");
      const refused = await shopper.post(`${STORE}/cart/items`, { data: { variantId: product.variantId, quantity: 9 }, headers: { "x-request-id": refusedId } });
      expect(refused.status()).toBe(409);
      expect(refused.headers()["x-request-id"]).toBe(refusedId);
      const refusedLines = await linesOf(refusedId, from);
      expect(refusedLines.find((l) => l.op === "inventory.hold")).toMatchObject({ outcome: "refused", code: "INSUFFICIENT_STOCK" });
      expect(refusedLines.find((l) => l.msg === "request")).toMatchObject({ status: 409, outcome: "refused", code: "INSUFFICIENT_STOCK" });
    } finally {
      await shopper.dispose();
    }
  });

  test("without an x-request-id (or with an unsafe one) the app makes one up and logs under it", async () => {
    const from = fileSize();
    const client = await newClient();
    try {
      for (const headers of [{}, { "x-request-id": "two words" }] as Record<string, string>[]) {
        const res = await client.get(`${STORE}/cart`, { headers });
        expect(res.status()).toBe(200);
        const id = res.headers()["x-request-id"] ?? "";
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect((await linesOf(id, from)).find((l) => l.msg === "request")).toMatchObject({ method: "GET", route: "/api/stores/[store]/cart", status: 200 });
      }
    } finally {
      await client.dispose();
    }
  });
});

test.describe("no secrets in the logs", () => {
  test("a full journey — sign-in, holds, checkout, payment, jobs, admin — logs no password, token, cookie or secret", async () => {
    test.setTimeout(60_000);
    const from = fileSize();
    const shopperAccount = await createUser({ password: `Shopper-pw-${randomBytes(8).toString("hex")}` });
    const adminAccount = await createUser({ store: "demo", password: `Admin-pw-${randomBytes(8).toString("hex")}` });
    const { token: adminToken } = await createToken({ store: "demo", name: "observability e2e" });
    const a = await createProduct({ stock: 6, title: "Journey A" });
    const b = await createProduct({ stock: 2, title: "Journey B" });

    const shopper = await newClient();
    const admin = await newClient();
    const tokenClient = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { Authorization: `Bearer ${adminToken}` } });
    const ids: string[] = [];
    const tagged = (label: string) => {
      const id = newRequestId(label);
      ids.push(id);
      return { "x-request-id": id };
    };
    try {
      // A refused sign-in (wrong password) and a good one.
      const csrf = (await (await shopper.get("/api/auth/csrf")).json()) as { csrfToken: string };
      await shopper.post("/api/auth/callback/credentials", {
        form: { csrfToken: csrf.csrfToken, email: shopperAccount.email, password: `${shopperAccount.password}-wrong`, callbackUrl: `${APP_URL}/` },
        maxRedirects: 0,
      });
      await signIn(shopper, shopperAccount.email, shopperAccount.password);

      // Holds: add, grow, a refusal.
      expect((await shopper.post(`${STORE}/cart/items`, { data: { variantId: a.variantId, quantity: 2 }, headers: tagged("add") })).status()).toBe(200);
      expect((await shopper.patch(`${STORE}/cart/items/${b.variantId}`, { data: { quantity: 1 }, headers: tagged("set") })).status()).toBe(200);
      expect((await shopper.post(`${STORE}/cart/items`, { data: { variantId: b.variantId, quantity: 5 }, headers: tagged("refuse") })).status()).toBe(409);

      // Checkout and payment (the sandbox posts its signed webhook to the app).
      const checkout = await shopper.post(`${STORE}/checkout`, { headers: { ...tagged("checkout"), "Idempotency-Key": `obs-${randomBytes(6).toString("hex")}` } });
      expect(checkout.status(), await checkout.text()).toBe(201);
      const { order, payment } = (await checkout.json()) as { order: { id: string }; payment: { redirectUrl: string } };
      const paid = await shopper.post(`/api/payments/sandbox/${refOf(payment.redirectUrl)}`, { data: { outcome: "succeed" }, headers: tagged("pay") });
      expect(paid.status(), await paid.text()).toBe(200);
      await expect.poll(async () => ((await (await shopper.get(`${STORE}/orders/${order.id}`)).json()) as { order: { status: string } }).order.status).toBe("PAID");

      // Jobs, with the cron secret (and once without).
      const cron = await newClient();
      try {
        expect((await cron.get("/api/cron/cleanup", { headers: { ...tagged("cleanup"), Authorization: `Bearer ${E2E_CRON_SECRET}` } })).status()).toBe(200);
        expect((await cron.get("/api/cron/payment-sync", { headers: { ...tagged("sync"), Authorization: `Bearer ${E2E_CRON_SECRET}` } })).status()).toBe(200);
        expect((await cron.get("/api/cron/cleanup", { headers: { ...tagged("cron-denied"), Authorization: "Bearer not-the-secret-0123456789" } })).status()).toBe(401);
      } finally {
        await cron.dispose();
      }

      // Admin: by session and by API token.
      await signIn(admin, adminAccount.email, adminAccount.password);
      expect((await admin.get(`${STORE}/admin/health`, { headers: tagged("health") })).status()).toBe(200);
      expect((await tokenClient.get(`${STORE}/admin/inventory?limit=5`, { headers: tagged("token") })).status()).toBe(200);

      // Every tagged request has been logged.
      for (const id of ids) await linesOf(id, from);
      const lines = logLinesSince(from);
      const text = logTextSince(from);

      // The scan covered the journey: holds, checkout, payment, webhook, both jobs with their figures.
      const routes = new Set(lines.filter((l) => l.msg === "request").map((l) => l.route));
      for (const r of ["/api/stores/[store]/cart/items", "/api/stores/[store]/checkout", "/api/payments/sandbox/[paymentRef]", "/api/payments/webhooks/[provider]", "/api/cron/cleanup", "/api/cron/payment-sync", "/api/stores/[store]/admin/health"]) {
        expect(routes, r).toContain(r);
      }
      expect(lines.filter((l) => l.msg === "job run").map((l) => l.job).sort()).toEqual(expect.arrayContaining(["cleanup", "payment-sync"]));
      expect(lines.some((l) => l.op === "checkout" && l.outcome === "ok")).toBe(true);
      expect(lines.some((l) => l.op === "payment.settle")).toBe(true);

      // The secrets of this journey, and every cookie the browser-like clients were given.
      const cookies = [...(await shopper.storageState()).cookies, ...(await admin.storageState()).cookies];
      expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/session-token/)]));
      const sandboxSecret = createHash("sha256").update(`sandbox-webhook:${E2E_AUTH_SECRET}`).digest("hex");
      const secrets: [string, string][] = [
        ["shopper password", shopperAccount.password],
        ["admin password", adminAccount.password],
        ["admin API token", adminToken],
        ["admin API token body", adminToken.slice(5)],
        ["cron secret", E2E_CRON_SECRET],
        ["auth secret", E2E_AUTH_SECRET],
        ["sandbox webhook secret", sandboxSecret],
        ["csrf token", csrf.csrfToken],
        ...cookies.filter((c) => c.value.length >= 8).map((c): [string, string] => [`cookie ${c.name}`, decodeURIComponent(c.value)]),
      ];
      for (const [name, value] of secrets) expect(text.includes(value), `${name} appears in the logs`).toBe(false);
      // And nothing shaped like one.
      expect(text).not.toMatch(/"(password|passwordHash|token|secret|cookie|authorization)":"(?!\[redacted\])/i);
      expect(text).not.toMatch(/Bearer (?!\[redacted\])[A-Za-z0-9]/);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
      expect(text).not.toMatch(/set-cookie/i);
    } finally {
      await Promise.all([shopper.dispose(), admin.dispose(), tokenClient.dispose()]);
    }
  });
});
