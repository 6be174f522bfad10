// Helpers for the security specs: stores of their own, a fingerprint of everything a store owns
// (to prove a refused request changed nothing), shopper clients, and a second app server started
// from the same build with different settings (low rate limits, an HTTPS URL, a broken env).
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { APP_URL, createProduct, newId, sql } from "../support/fixtures";
import { E2E_APP_ENV } from "../support/e2e-env.mjs";

export { APP_URL };

/** A new store with a unique slug (own products, admins and tokens: specs never see each other's rows). */
export async function createStore(prefix = "sec"): Promise<{ id: string; slug: string }> {
  const slug = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const id = newId();
  await sql(`INSERT INTO "Store" (id, slug, name, currency, "updatedAt") VALUES ($1, $2, $3, 'USD', now())`, [id, slug, `Security ${slug}`]);
  return { id, slug };
}

/** Everything a store owns that a request could change, as one comparable value. */
export async function storeFingerprint(storeId: string): Promise<unknown> {
  const [row] = await sql<{ f: unknown }>(
    `SELECT json_build_object(
       'store', (SELECT row_to_json(s) FROM (SELECT slug, name, currency, "reservationTtlSeconds", "paymentTimeoutSeconds", "maxHoldExtensions", "lowStockDefault" FROM "Store" WHERE id = $1) s),
       'items', (SELECT json_agg(i ORDER BY i.id) FROM (SELECT id, sku, stock, reserved, "lowStockThreshold" FROM "InventoryItem" WHERE "storeId" = $1) i),
       'holds', (SELECT json_agg(h ORDER BY h.id) FROM (SELECT h.id, h.status, h.quantity, h."expiresAt" FROM "Hold" h JOIN "InventoryItem" i ON i.id = h."inventoryItemId" WHERE i."storeId" = $1) h),
       'orders', (SELECT json_agg(o ORDER BY o.id) FROM (SELECT id, status, "cancelReason" FROM "Order" WHERE "storeId" = $1) o),
       'tokens', (SELECT json_agg(t ORDER BY t.id) FROM (SELECT id, "revokedAt" FROM "ApiToken" WHERE "storeId" = $1) t),
       'members', (SELECT count(*) FROM "Membership" WHERE "storeId" = $1),
       'products', (SELECT json_agg(p ORDER BY p.id) FROM (SELECT id, status, title FROM "Product" WHERE "storeId" = $1) p),
       'ledger', (SELECT count(*) FROM "StockMovement" WHERE "storeId" = $1)
     ) AS f`,
    [storeId],
  );
  return row?.f;
}

/** Counts of the rows a hostile request anywhere could have created. */
export async function globalFingerprint(): Promise<unknown> {
  const [row] = await sql<{ f: unknown }>(
    `SELECT json_build_object(
       'users', (SELECT count(*) FROM "User"),
       'carts', (SELECT count(*) FROM "Cart"),
       'lines', (SELECT count(*) FROM "CartLine"),
       'holds', (SELECT count(*) FROM "Hold"),
       'activeHolds', (SELECT count(*) FROM "Hold" WHERE status = 'ACTIVE'),
       'orders', (SELECT count(*) FROM "Order"),
       'ledger', (SELECT count(*) FROM "StockMovement"),
       'tokens', (SELECT count(*) FROM "ApiToken" WHERE "revokedAt" IS NULL),
       'counters', (SELECT sum(stock)::text || '/' || sum(reserved)::text FROM "InventoryItem"),
       'settings', (SELECT sum("reservationTtlSeconds" + "paymentTimeoutSeconds" + "maxHoldExtensions" + "lowStockDefault")::text FROM "Store"),
       'thresholds', (SELECT coalesce(sum("lowStockThreshold"), 0)::text FROM "InventoryItem"),
       'payments', (SELECT string_agg(status::text, ',' ORDER BY id) FROM "Payment")
     ) AS f`,
  );
  return row?.f;
}

/** A fresh API client (its own cookie jar: a shopper of its own). */
export function newClient(extraHTTPHeaders?: Record<string, string>): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders });
}

/** A random documentation-range IP, so a spec's per-IP rate-limit buckets are its own. */
export function randomIp(): string {
  // IPv6 documentation addresses with 64 random bits: the fuzz spec alone sends thousands of requests,
  // each from its own address, and per-IP counters are shared by every spec in the window, so a
  // smaller space (198.51.x.y: 65,024 addresses) let an exact-count spec meet a fuzzed address's count.
  const group = () => randomBytes(2).toString("hex");
  return `2001:db8:${group()}:${group()}:${group()}:${group()}::1`;
}

/** Adds one unit to `client`'s cart and checks out: the new order's id (PENDING_PAYMENT). */
export async function placeOrder(client: APIRequestContext, store: string, variantId: string): Promise<{ orderId: string; paymentRef: string | null }> {
  const add = await client.post(`/api/stores/${store}/cart/items`, { data: { variantId, quantity: 1 } });
  expect(add.status(), await add.text()).toBe(200);
  const checkout = await client.post(`/api/stores/${store}/checkout`);
  expect(checkout.status(), await checkout.text()).toBe(201);
  const body = (await checkout.json()) as { order: { id: string }; payment: { redirectUrl?: string } };
  const ref = body.payment.redirectUrl?.split("/").pop() ?? null;
  return { orderId: body.order.id, paymentRef: ref };
}

/** A product of `store` with plenty of stock. */
export async function stockedProduct(store: string, stock = 500) {
  return createProduct({ store, stock, title: `Sec Item ${Math.random().toString(36).slice(2, 7)}` });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type AltServer = { url: string; child: ChildProcess; logs: () => string; stop: () => Promise<void> };

/**
 * Starts a second server of the same build (NEXT_DIST_DIR; `npm start`'s server.mjs) on a free port
 * with the e2e environment plus `overrides` (a value of undefined removes a variable). With
 * `expectExit`, it waits for the process to end instead of for it to answer. `host`: the address
 * it listens on (0.0.0.0: every interface, for a LAN address).
 */
export async function startAltServer(
  overrides: Record<string, string | undefined>,
  options: { expectExit?: boolean; host?: string } = {},
): Promise<AltServer & { exitCode?: number | null }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...E2E_APP_ENV, APP_URL: url, AUTH_URL: url, ...overrides })) {
    if (v !== undefined) env[k] = v;
  }
  const child = spawn(process.execPath, ["server.mjs", "-H", options.host ?? "127.0.0.1", "-p", String(port)], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
  };
  if (options.expectExit) {
    const exitCode = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
    if (exitCode === "timeout") {
      await stop();
      throw new Error(`the server did not exit within 30 s:\n${out}`);
    }
    return { url, child, logs: () => out, stop, exitCode };
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, logs: () => out, stop };
}
