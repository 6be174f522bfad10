// Through the real route() wrapper and the real inventory engine on PostgreSQL, with an in-memory
// span exporter and captured logs: a request's id comes back in its response header and is on every
// log line it caused (the engine's too, even with requests interleaved); a hold makes a route span
// with an inventory child span carrying store, SKU count and outcome; a refused hold marks its span
// with the error code.
import { vi } from "vitest";

// lib/http is Next-only ("server-only" throws outside Next's react-server build, and the rate
// limiter reads Next's request headers); route() itself is plain, and these routes use no rate limit.
vi.mock("server-only", () => ({}));
vi.mock("@/lib/http/rate-limit", () => ({
  enforceRateLimits: async () => {},
  rulesFor: async () => [],
}));

import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { readJson, route } from "@/lib/http/route";
import { newGuest, seedShop, TestClock, type Guest } from "@/lib/testing/order-fixtures";
import { captureLogs, type LogCapture } from "@/lib/testing/log-capture";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";

let t: TestDb;
let logs: LogCapture;
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

let slug: string;
let variantId: string;
const clock = new TestClock();

beforeAll(async () => {
  provider.register();
  t = await createTestDb();
  const shop = await seedShop(t, clock, { stocks: [20] });
  const store = await t.db.store.findUniqueOrThrow({ where: { id: shop.store.id }, select: { slug: true } });
  slug = store.slug;
  variantId = shop.items[0]!.variantId;
  logs = captureLogs("debug");
});
afterEach(() => {
  exporter.reset();
  logs.clear();
});
afterAll(async () => {
  logs.restore();
  await provider.shutdown();
  trace.disable();
  context.disable();
  await t.drop();
});

/** The cart-items route, as app/api/stores/[store]/cart/items does it, on the test database. */
function addToCart(guest: Guest) {
  return route(async (req: Request, { params }: { params: Promise<{ store: string }> }) => {
    await params;
    const body = (await readJson(req)) as { variantId: string; quantity: number };
    const cart = await setCartLine({ db: t.db, now: clock.now }, { ...guest, variantId: body.variantId, mode: "add", quantity: body.quantity });
    return Response.json({ cart });
  });
}

function post(guest: Guest, quantity: number, requestId?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (requestId) headers["x-request-id"] = requestId;
  const req = new Request(`http://shop.test/api/stores/${slug}/cart/items`, { method: "POST", headers, body: JSON.stringify({ variantId, quantity }) });
  return addToCart(guest)(req, { params: Promise.resolve({ store: slug }) });
}

function spanNamed(spans: ReadableSpan[], name: string): ReadableSpan {
  const s = spans.find((x) => x.name === name);
  if (!s) throw new Error(`no span ${name} among ${spans.map((x) => x.name).join(", ")}`);
  return s;
}

describe("request ids", () => {
  it("echo the caller's x-request-id, and put it on every log line the request caused, the engine's included", async () => {
    const guest = newGuest((await t.db.store.findUniqueOrThrow({ where: { slug } })).id);
    const res = await post(guest, 1, "req-hold-0001");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-hold-0001");

    const lines = logs.lines();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => l.requestId === "req-hold-0001")).toBe(true);
    const engine = lines.find((l) => l.op === "inventory.hold");
    expect(engine).toMatchObject({ level: "debug", outcome: "ok", store: slug, route: "/api/stores/[store]/cart/items", sku_count: 1 });
    const request = lines.find((l) => l.msg === "request");
    expect(request).toMatchObject({ level: "info", method: "POST", status: 200, outcome: "ok", store: slug, route: "/api/stores/[store]/cart/items" });
    expect(typeof request?.durationMs).toBe("number");
  });

  it("make one up when the caller sends none (or an unsafe one), and keep interleaved requests apart", async () => {
    const storeId = (await t.db.store.findUniqueOrThrow({ where: { slug } })).id;
    const [a, b, c] = await Promise.all([post(newGuest(storeId), 1), post(newGuest(storeId), 1, "req-b"), post(newGuest(storeId), 1, "bad id\n")]);
    const idA = a.headers.get("x-request-id")!;
    const idC = c.headers.get("x-request-id")!;
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers.get("x-request-id")).toBe("req-b");
    expect(idC).toMatch(/^[0-9a-f-]{36}$/);
    const byId = new Map<unknown, ReturnType<LogCapture["lines"]>>();
    for (const l of logs.lines()) byId.set(l.requestId, [...(byId.get(l.requestId) ?? []), l]);
    expect(new Set(byId.keys())).toEqual(new Set([idA, "req-b", idC]));
    for (const id of [idA, "req-b", idC]) {
      // A batch of coalesced holds (lib/cart/hold-coalescer.ts) logs one line, in the context of the request that ran it.
      const own = byId.get(id)!.map((l) => l.op ?? l.msg).filter((m) => m !== "cart writes coalesced");
      expect(own.sort()).toEqual(["inventory.hold", "request"]);
    }
  });
});

describe("spans", () => {
  it("a hold: a route span with an inventory child span carrying store, SKU count and outcome", async () => {
    const storeId = (await t.db.store.findUniqueOrThrow({ where: { slug } })).id;
    await post(newGuest(storeId), 1, "req-span-ok");
    const spans = exporter.getFinishedSpans();
    const routeSpan = spanNamed(spans, "route POST /api/stores/[store]/cart/items");
    const hold = spanNamed(spans, "inventory.hold");
    expect(hold.parentSpanContext?.spanId).toBe(routeSpan.spanContext().spanId);
    expect(hold.spanContext().traceId).toBe(routeSpan.spanContext().traceId);
    expect(routeSpan.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/stores/[store]/cart/items",
      "http.response.status_code": 200,
      "shop.store": slug,
      "shop.request_id": "req-span-ok",
      "shop.outcome": "ok",
    });
    expect(hold.attributes).toMatchObject({
      "shop.store": slug,
      "shop.store_id": storeId,
      "shop.sku_count": 1,
      "shop.variant_id": variantId,
      "shop.quantity": 1,
      "shop.outcome": "ok",
    });
    expect(hold.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it("a refused hold marks its span with the error code (and the route span with the status)", async () => {
    const storeId = (await t.db.store.findUniqueOrThrow({ where: { slug } })).id;
    const res = await post(newGuest(storeId), 99, "req-span-refused");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("INSUFFICIENT_STOCK");
    const spans = exporter.getFinishedSpans();
    const hold = spanNamed(spans, "inventory.hold");
    const routeSpan = spanNamed(spans, "route POST /api/stores/[store]/cart/items");
    expect(hold.parentSpanContext?.spanId).toBe(routeSpan.spanContext().spanId);
    expect(hold.status).toEqual({ code: SpanStatusCode.ERROR, message: "INSUFFICIENT_STOCK" });
    expect(hold.attributes).toMatchObject({ "shop.error_code": "INSUFFICIENT_STOCK", "shop.outcome": "refused", "shop.sku_count": 1 });
    expect(routeSpan.attributes).toMatchObject({ "http.response.status_code": 409, "shop.error_code": "INSUFFICIENT_STOCK", "shop.outcome": "refused" });
    // A refusal is the client's business, not a server error.
    expect(routeSpan.status.code).not.toBe(SpanStatusCode.ERROR);
    const lines = logs.lines().filter((l) => l.requestId === "req-span-refused");
    expect(lines.find((l) => l.op === "inventory.hold")).toMatchObject({ outcome: "refused", code: "INSUFFICIENT_STOCK" });
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ status: 409, outcome: "refused", code: "INSUFFICIENT_STOCK" });
  });

  it("an unexpected error: 500, span status ERROR, an error log line with the request id and no secret", async () => {
    const boom = route(async () => {
      throw new Error("lost postgresql://app:hunter2secret@db/shop");
    });
    const res = await boom(new Request("http://shop.test/api/health", { headers: { "x-request-id": "req-boom" } }), undefined);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("req-boom");
    const routeSpan = spanNamed(exporter.getFinishedSpans(), "route GET /api/health");
    expect(routeSpan.status.code).toBe(SpanStatusCode.ERROR);
    const lines = logs.lines();
    expect(lines.map((l) => [l.level, l.msg, l.requestId])).toEqual([
      ["error", "unexpected error", "req-boom"],
      ["error", "request", "req-boom"],
    ]);
    expect(logs.raw.join("\n")).not.toContain("hunter2secret");
  });
});

describe("job runs", () => {
  it("get a span of their own and a log line with their figures", async () => {
    const { runCleanup } = await import("@/lib/jobs/run-cleanup");
    const { makeDeps } = await import("@/lib/testing/order-fixtures");
    const r = await runCleanup(makeDeps(t, clock), { dryRun: true });
    expect("skipped" in r).toBe(false);
    const job = spanNamed(exporter.getFinishedSpans(), "job cleanup");
    expect(job.attributes).toMatchObject({ "shop.job": "cleanup", "shop.dry_run": true, "shop.outcome": "ok" });
    const line = logs.lines().find((l) => l.msg === "job run");
    expect(line).toMatchObject({ level: "info", job: "cleanup", status: "OK", dryRun: true, figures: { job: "cleanup", expiredHolds: 0 } });
  });
});
