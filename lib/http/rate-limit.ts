// Rate limits at the HTTP edge: who the client is (IP, cart, account) and which limits apply to a
// route; the counting itself is lib/rate-limit (one atomic upsert in PostgreSQL, shared by every
// instance). Refusals are 429 RATE_LIMITED with Retry-After.
import "server-only";
import { after } from "next/server";
import { headers as requestHeaders } from "next/headers";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { consumeRateLimits, RateLimitDenialCache, type RateLimitDecision, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limits";
import { RateLimitBatcher } from "@/lib/rate-limit/rate-limit-batcher";
import { purgeRateLimitBuckets } from "@/lib/rate-limit/purge-rate-limit-buckets";
import { rateLimitKey } from "@/lib/rate-limit/rate-limit-key";
import { clientIpOf } from "@/lib/http/client-ip";
import { toErrorResponse } from "@/lib/http/error-response";

export { clientIpOf };

/** The named limits: "cart-write" for shopperRoute(), "sign-up" for route(). */
export type RateLimitPolicy = "cart-write" | "sign-up";

const denials = new RateLimitDenialCache();
/** Cart writes (the hot path of a drop) are counted in batches; sign-in and sign-up one by one. */
const cartWrites = new RateLimitBatcher();

/**
 * Counts one request against `rules`; throws 429 RATE_LIMITED (with Retry-After) if any is exhausted.
 * `batched`: counted in this process and reported every 100 ms (lib/rate-limit/rate-limit-batcher.ts).
 */
export async function enforceRateLimits(rules: RateLimitRule[], options: { batched?: boolean } = {}): Promise<void> {
  const now = new Date();
  const db = getDb();
  const decision = options.batched ? await cartWrites.consume({ db, now }, rules, { cache: denials }) : await consumeRateLimits({ db, now }, rules, { cache: denials });
  // Report the batched counts after the response is sent (a failed report is retried with the next).
  if (options.batched && cartWrites.shouldFlush(now)) after(() => cartWrites.flush({ db, now: new Date() }).catch(() => {}));
  // Now and then, forget windows that have ended (bounded, after the response is sent).
  if (Math.random() < 0.002) after(() => purgeRateLimitBuckets({ db, now: new Date() }).catch(() => 0));
  if (!decision.allowed) throw rateLimitedError(decision);
}

function rateLimitedError(d: Extract<RateLimitDecision, { allowed: false }>): AppError {
  return new AppError(
    "RATE_LIMITED",
    `Too many requests. Please wait ${d.retryAfterSeconds} second${d.retryAfterSeconds === 1 ? "" : "s"} and try again.`,
    { limit: d.limit, windowSeconds: d.windowSeconds, retryAfterSeconds: d.retryAfterSeconds, scope: d.rule },
    { retryAfter: d.retryAfterSeconds },
  );
}

/**
 * The rules of a route policy for this request. `cartSubject` is the cart a cart write counts
 * against, as the adapter resolved its caller (lib/http/shopper-route.ts: the signed-in user's
 * cart, else the guest cookie's); null for a browser with no cart yet (the per-IP rule only).
 */
export function rulesFor(policy: RateLimitPolicy, req: Request, cartSubject: string | null = null): RateLimitRule[] {
  const env = getEnv();
  const windowSeconds = env.RATE_LIMIT_WINDOW_SECONDS;
  const ip = clientIpOf(req.headers);
  if (policy === "sign-up") {
    return ip === null ? [] : [{ name: "signup-ip", key: rateLimitKey("signup-ip", ip), limit: env.RATE_LIMIT_SIGNUP_PER_IP, windowSeconds }];
  }
  const rules: RateLimitRule[] = ip === null ? [] : [{ name: "cart-ip", key: rateLimitKey("cart-ip", ip), limit: env.RATE_LIMIT_CART_PER_IP, windowSeconds }];
  if (cartSubject) rules.push({ name: "cart", key: rateLimitKey("cart", cartSubject), limit: env.RATE_LIMIT_CART_PER_CART, windowSeconds });
  return rules;
}

/** Sign-in limits: per account (the email as typed, lower-cased) and per IP. */
export function signInRules(email: string, ip: string | null): RateLimitRule[] {
  const env = getEnv();
  const windowSeconds = env.RATE_LIMIT_WINDOW_SECONDS;
  return [
    { name: "signin-account", key: rateLimitKey("signin-account", email.trim().toLowerCase()), limit: env.RATE_LIMIT_SIGNIN_PER_ACCOUNT, windowSeconds },
    ...(ip === null ? [] : [{ name: "signin-ip", key: rateLimitKey("signin-ip", ip), limit: env.RATE_LIMIT_SIGNIN_PER_IP, windowSeconds }]),
  ];
}

/**
 * For the sign-in server action (no Response to shape): counts the attempt and returns how long
 * to wait if it is over a limit, else null.
 */
export async function checkSignInRateLimit(email: string): Promise<{ retryAfterSeconds: number } | null> {
  try {
    await enforceRateLimits(signInRules(email, clientIpOf(await requestHeaders())));
    return null;
  } catch (e) {
    if (e instanceof AppError && e.code === "RATE_LIMITED") return { retryAfterSeconds: e.retryAfter ?? 60 };
    // The database is unreachable: the sign-in itself then fails with its own friendly message.
    if (isDatabaseUnavailable(e)) return null;
    throw e;
  }
}

/**
 * Wraps Auth.js's POST handler: a credentials sign-in (`/api/auth/callback/credentials`) over its
 * per-account or per-IP limit gets 429 RATE_LIMITED with Retry-After before any password is checked.
 */
export function withSignInRateLimit<R extends Request>(handler: (req: R) => Promise<Response>): (req: R) => Promise<Response> {
  return async (req) => {
    if (!new URL(req.url).pathname.endsWith("/callback/credentials")) return handler(req);
    try {
      const email = await emailOfSignIn(req.clone());
      await enforceRateLimits(signInRules(email, clientIpOf(req.headers)));
    } catch (e) {
      return toErrorResponse(e);
    }
    return handler(req);
  };
}

async function emailOfSignIn(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body = (await req.json()) as { email?: unknown };
      return typeof body?.email === "string" ? body.email.slice(0, 254) : "";
    }
    const form = await req.formData();
    const email = form.get("email");
    return typeof email === "string" ? email.slice(0, 254) : "";
  } catch {
    return "";
  }
}
