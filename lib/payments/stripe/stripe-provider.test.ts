// The Stripe adapter without a network: webhooks signed with the SDK's own test helper, and the API
// calls answered by a local HTTP stand-in (the SDK accepts host, port and protocol).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { PaymentProvider } from "@/lib/payments/payment-provider";
import { createStripeProvider, sessionExpiry } from "@/lib/payments/stripe/stripe-provider";

const WEBHOOK_SECRET = "whsec_test_0123456789abcdefghijklmnop";
const sdk = new Stripe("sk_test_unused");

type Recorded = { method: string; path: string; body: URLSearchParams; idempotencyKey: string | undefined };
type Session = { id: string; object: "checkout.session"; status: "open" | "complete" | "expired"; payment_status: "paid" | "unpaid"; url: string | null; expires_at: number; payment_intent: string | null };

let server: Server;
let provider: PaymentProvider;
const requests: Recorded[] = [];
const sessions = new Map<string, Session>();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => resolve(data));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = new URLSearchParams(await readBody(req));
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ method: req.method ?? "", path, body, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
    const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    const invalid = (message: string) => json(400, { error: { type: "invalid_request_error", message } });
    let m: RegExpExecArray | null;
    if (req.method === "POST" && path === "/v1/checkout/sessions") {
      const id = `cs_test_${sessions.size + 1}`;
      const s: Session = { id, object: "checkout.session", status: "open", payment_status: "unpaid", url: `https://checkout.stripe.test/${id}`, expires_at: Number(body.get("expires_at")), payment_intent: null };
      sessions.set(id, s);
      return json(200, s);
    }
    if ((m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)) && req.method === "GET") {
      const s = sessions.get(m[1]!);
      return s ? json(200, s) : json(404, { error: { type: "invalid_request_error", message: "No such session" } });
    }
    if ((m = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path)) && req.method === "POST") {
      const s = sessions.get(m[1]!);
      if (!s || s.status !== "open") return invalid("Only Checkout Sessions with a status in [open] can be expired.");
      s.status = "expired";
      s.url = null;
      return json(200, s);
    }
    if (path === "/v1/refunds" && req.method === "POST") return json(200, { id: "re_1", object: "refund", status: "succeeded", payment_intent: body.get("payment_intent") });
    return json(404, { error: { type: "invalid_request_error", message: `unexpected ${req.method} ${path}` } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  provider = createStripeProvider({ secretKey: "sk_test_standin", webhookSecret: WEBHOOK_SECRET, host: "127.0.0.1", port, protocol: "http" });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  requests.length = 0;
});

function event(type: string, object: object) {
  return JSON.stringify({ id: `evt_${type}_${Math.random().toString(36).slice(2)}`, object: "event", type, api_version: "2026-10-28.endive", created: 1, livemode: false, pending_webhooks: 1, request: null, data: { object } });
}

describe("Stripe webhooks", () => {
  it("accepts a correctly signed event and maps it to an outcome", () => {
    const payload = event("checkout.session.completed", { id: "cs_test_42", object: "checkout.session", status: "complete", payment_status: "paid" });
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const e = provider.verifyWebhook(payload, new Headers({ "stripe-signature": header }), new Date());
    expect(e).toMatchObject({ type: "checkout.session.completed", ref: "cs_test_42", outcome: "succeeded" });
  });

  it("rejects a tampered event, a wrong secret and a missing signature", () => {
    const payload = event("checkout.session.completed", { id: "cs_test_42", object: "checkout.session", status: "complete", payment_status: "paid" });
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const codeOf = (body: string, headers: Headers) => {
      try {
        provider.verifyWebhook(body, headers, new Date());
        return "accepted";
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(codeOf(payload.replace("cs_test_42", "cs_test_43"), new Headers({ "stripe-signature": header }))).toBe("UNAUTHENTICATED");
    const wrong = sdk.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    expect(codeOf(payload, new Headers({ "stripe-signature": wrong }))).toBe("UNAUTHENTICATED");
    expect(codeOf(payload, new Headers())).toBe("UNAUTHENTICATED");
  });

  it("maps the session events this shop acts on, and ignores the rest", () => {
    const verify = (type: string, object: object) => {
      const payload = event(type, object);
      return provider.verifyWebhook(payload, new Headers({ "stripe-signature": sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) }), new Date());
    };
    const s = { id: "cs_1", object: "checkout.session" };
    expect(verify("checkout.session.completed", { ...s, status: "complete", payment_status: "unpaid" }).outcome).toBeNull(); // async method still processing
    expect(verify("checkout.session.async_payment_succeeded", s).outcome).toBe("succeeded");
    expect(verify("checkout.session.async_payment_failed", s).outcome).toBe("failed");
    expect(verify("checkout.session.expired", s).outcome).toBe("expired");
    expect(verify("customer.created", { id: "cus_1", object: "customer" })).toMatchObject({ ref: null, outcome: null });
  });
});

describe("Stripe API calls (local stand-in)", () => {
  it("creates a Checkout Session expiring at the order's deadline, idempotently per order", async () => {
    const now = new Date();
    const deadline = new Date(now.getTime() + 45 * 60_000);
    const p = await provider.createPayment({ orderId: "ord_1", orderNumber: 7, storeName: "Demo", amountCents: 4200, currency: "EUR", expiresAt: deadline, returnUrl: "http://shop.test/demo/orders/ord_1", now });
    expect(p.ref).toMatch(/^cs_test_/);
    expect(p.redirectUrl).toBe(`https://checkout.stripe.test/${p.ref}`);
    const req = requests.find((r) => r.path === "/v1/checkout/sessions")!;
    expect(req.idempotencyKey).toBe("order-session-ord_1");
    expect(Number(req.body.get("expires_at"))).toBe(Math.floor(deadline.getTime() / 1000));
    expect(req.body.get("line_items[0][price_data][unit_amount]")).toBe("4200");
    expect(req.body.get("line_items[0][price_data][currency]")).toBe("eur");
    expect(req.body.get("client_reference_id")).toBe("ord_1");
    expect(req.body.get("mode")).toBe("payment");
  });

  it("clamps expires_at into Stripe's 30 min .. 24 h window", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const s = now.getTime() / 1000;
    expect(sessionExpiry(new Date(now.getTime() + 5 * 60_000), now)).toBe(s + 31 * 60);
    expect(sessionExpiry(new Date(now.getTime() + 2 * 86400_000), now)).toBe(s + 86400 - 60);
    expect(sessionExpiry(new Date(now.getTime() + 3600_000), now)).toBe(s + 3600);
  });

  it("queries status, expires an open session, and reads the final state of a completed one", async () => {
    const now = new Date();
    const a = await provider.createPayment({ orderId: "ord_a", orderNumber: 1, storeName: "Demo", amountCents: 100, currency: "USD", expiresAt: new Date(now.getTime() + 3600_000), returnUrl: "http://x/", now });
    const b = await provider.createPayment({ orderId: "ord_b", orderNumber: 2, storeName: "Demo", amountCents: 100, currency: "USD", expiresAt: new Date(now.getTime() + 3600_000), returnUrl: "http://x/", now });
    expect(await provider.getStatus(a.ref, now)).toBe("pending");
    expect(await provider.cancel(a.ref, now)).toBe("expired");
    Object.assign(sessions.get(b.ref)!, { status: "complete", payment_status: "paid", payment_intent: "pi_b" });
    expect(await provider.getStatus(b.ref, now)).toBe("succeeded");
    expect(await provider.cancel(b.ref, now)).toBe("succeeded"); // cannot expire a paid session: it says so
    await provider.refund(b.ref, now);
    const refund = requests.find((r) => r.path === "/v1/refunds")!;
    expect(refund.body.get("payment_intent")).toBe("pi_b");
    expect(refund.idempotencyKey).toBe(`order-refund-${b.ref}`);
  });
});
