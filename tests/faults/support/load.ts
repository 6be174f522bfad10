// Virtual shoppers for fault and soak runs: each takes holds in a cart of its own and sometimes
// goes all the way to a paid order. Every answer is recorded (status, Retry-After, time); what
// the shop acknowledged (a hold it answered 200 for, a checkout it answered 201 for, an order it
// showed PAID) is kept with the time the answer arrived, so the test can check afterwards that
// none of it was lost.
import type { HoldAck, OrderAck, SaleAck } from "./books";

export type Sample = { at: number; op: string; status: number; retryAfter: string | null; ms: number; error?: string };

export type LoadResult = { samples: Sample[]; holds: HoldAck[]; orders: OrderAck[]; sales: SaleAck[] };

export type LoadOptions = {
  baseUrl: string | (() => string);
  store: string;
  variantIds: string[];
  durationMs: number;
  concurrency: number;
  /** Share of shoppers that check out and pay (0..1). */
  saleShare?: number;
  /** A request taking longer than this counts as a hang. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. a per-shopper X-Forwarded-For). */
  headers?: () => Record<string, string>;
  /** Set `stopped` to end the run early (each shopper finishes the step it is in). */
  stop?: { stopped: boolean };
  /** Live view of what has been recorded so far (the test decides when to inject a fault). */
  progress?: LoadResult;
};

type Answer = { status: number; body: unknown; setCookie: string[]; retryAfter: string | null; sentAt: number; at: number };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = o.progress ?? { samples: [], holds: [], orders: [], sales: [] };
  const until = Date.now() + o.durationMs;
  const base = () => (typeof o.baseUrl === "string" ? o.baseUrl : o.baseUrl());
  const timeoutMs = o.timeoutMs ?? 20_000;

  async function call(op: string, method: string, path: string, cookie: string | null, body?: unknown): Promise<Answer | null> {
    const t0 = Date.now();
    try {
      const res = await fetch(`${base()}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(cookie ? { cookie } : {}), ...(o.headers?.() ?? {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      const at = Date.now();
      result.samples.push({ at: t0, op, status: res.status, retryAfter: res.headers.get("retry-after"), ms: at - t0 });
      return { status: res.status, body: parsed, setCookie: res.headers.getSetCookie(), retryAfter: res.headers.get("retry-after"), sentAt: t0, at };
    } catch (e) {
      // The cause's code (ECONNREFUSED, UND_ERR_SOCKET…), else its name and message (a bare "TypeError" says nothing).
      const cause = e instanceof Error ? (e.cause as { code?: string; name?: string; message?: string } | undefined) : undefined;
      const name =
        e instanceof Error
          ? e.name === "TimeoutError"
            ? "timeout"
            : (cause?.code ?? (cause ? `${cause.name ?? "Error"} ${String(cause.message ?? "").slice(0, 60)}` : `${e.name} ${e.message.slice(0, 60)}`))
          : "error";
      result.samples.push({ at: t0, op, status: 0, retryAfter: null, ms: Date.now() - t0, error: name });
      return null;
    }
  }

  const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

  async function shopper(): Promise<void> {
    const variantId = pick(o.variantIds);
    const quantity = 1 + Math.floor(Math.random() * 3);
    const add = await call("add", "POST", `/api/stores/${o.store}/cart/items`, null, { variantId, quantity });
    if (!add) return sleep(100); // no server to talk to: do not spin
    if (add.status === 503 || add.status === 429) return sleep(Math.min(1000, 100 * Number(add.retryAfter ?? 1)));
    if (add.status !== 200) return;
    const cart = (add.body as { cart: { id: string; lines: { variantId: string; held: number }[] } }).cart;
    const line = cart.lines.find((l) => l.variantId === variantId);
    const cookie = add.setCookie.map((c) => c.split(";")[0]).join("; ");
    if (Math.random() >= (o.saleShare ?? 0)) {
      if (line) result.holds.push({ cartId: cart.id, variantId, held: line.held, sentAt: add.sentAt, at: add.at });
      return;
    }
    const checkout = await call("checkout", "POST", `/api/stores/${o.store}/checkout`, cookie);
    if (!checkout || checkout.status !== 201) {
      // Still a cart with its hold, unless the checkout went through and only the answer was lost.
      return;
    }
    const { order, payment } = checkout.body as { order: { id: string }; payment: { redirectUrl: string } };
    result.orders.push({ orderId: order.id, at: checkout.at });
    const ref = payment.redirectUrl.split("/").pop()!;
    const pay = await call("pay", "POST", `/api/payments/sandbox/${ref}`, null, { outcome: "succeed" });
    if (!pay || pay.status !== 200) return;
    for (let i = 0; i < 20 && Date.now() < until + 10_000; i++) {
      const view = await call("order", "GET", `/api/stores/${o.store}/orders/${order.id}`, cookie);
      if (view?.status === 200 && (view.body as { order: { status: string } }).order.status === "PAID") {
        result.sales.push({ orderId: order.id, at: view.at });
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (Date.now() < until && !o.stop?.stopped) await shopper();
    }),
  );
  return result;
}

/** Counts of statuses (0 = no answer: refused connection, reset or timeout). */
export function statusCounts(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    const key = s.status === 0 ? `0:${s.error}` : String(s.status);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
