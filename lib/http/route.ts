// route(): the one wrapper every route handler goes through (directly, or through the adapter of
// its kind of caller: shopperRoute, adminRoute, cronRoute). It turns any thrown error into the
// error shape of API.md, with the right status; a 5xx other than 503 means a bug and is logged.
import "server-only";
import type { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { findHostileText, HOSTILE_TEXT_MESSAGE } from "@/lib/schemas/text";
import { hostileUrlProblem } from "@/lib/schemas/hostile-text";
import { assertSameOrigin } from "@/lib/http/csrf";
import { enforceRateLimits, rulesFor, type RateLimitPolicy } from "@/lib/http/rate-limit";
import { noteRequestError, observeRequest } from "@/lib/observability/observe-request";
import { scheduleEventDelivery } from "@/lib/http/after-events";
import { deliverWaitlistMailAfterResponse } from "@/lib/http/waitlist-mail";
import { toErrorResponse, zodToAppError } from "@/lib/http/error-response";

// The error answers live in error-response.ts (rate-limit.ts uses them too, without importing route()).
export { jsonError, toErrorResponse, zodToAppError } from "@/lib/http/error-response";

export const MAX_JSON_BYTES = 1024 * 1024;

type Handler<C> = (req: Request, ctx: C) => Promise<Response> | Response;

export type RouteOptions = {
  /** Refuse cross-site writes (POST/PUT/PATCH/DELETE sent by another site's page). Default true. */
  csrf?: boolean;
  /**
   * A per-IP rate limit counted before the handler runs (429 RATE_LIMITED + Retry-After). Limits
   * that count per caller go through that caller's adapter (shopperRoute), which resolves it first.
   */
  rateLimit?: Exclude<RateLimitPolicy, "cart-write">;
};

export function route<C = unknown>(handler: Handler<C>, options: RouteOptions = {}): (req: Request, ctx: C) => Promise<Response> {
  // observeRequest: the request id (echoed as x-request-id), the route span and the request's log line.
  return (req, ctx) =>
    observeRequest(req, ctx, async () => {
      try {
        assertCleanUrl(req);
        if (options.csrf !== false) assertSameOrigin(req);
        if (options.rateLimit) await enforceRateLimits(rulesFor(options.rateLimit, req));
        const res = await handler(req, ctx);
        // A write that succeeded may have written events: deliver them after the response.
        if (req.method !== "GET" && req.method !== "HEAD" && res.status < 400) scheduleEventDelivery();
        // A write may have handed units to the waitlist: mail the offers after the response.
        if (req.method !== "GET" && req.method !== "HEAD") deliverWaitlistMailAfterResponse(req);
        return res;
      } catch (e) {
        noteRequestError(e);
        // A refused write may have made offers too: an add refused for stock first reclaims the lapsed
        // holds it found and hands them to the line (docs/waitlist.md, "The lazy reclaim"); that refusal
        // is thrown, so it is scheduled here (a 409 only: other refusals wrote nothing).
        if (req.method !== "GET" && req.method !== "HEAD" && e instanceof AppError && e.status === 409)
          deliverWaitlistMailAfterResponse(req);
        return toErrorResponse(e);
      }
    });
}

/** The longest URL (path and query, percent-encoded) any route takes. */
export const MAX_URL_LENGTH = 8192;

/**
 * Every route's path segments and query parameters, decoded: a NUL, an unpaired surrogate, a
 * malformed escape or an overlong URL is 400 INVALID_INPUT before the handler runs.
 */
export function assertCleanUrl(req: Request): void {
  const url = new URL(req.url);
  if (url.pathname.length + url.search.length > MAX_URL_LENGTH)
    throw new AppError("INVALID_INPUT", `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  const problem = hostileUrlProblem(url);
  if (problem) throw new AppError("INVALID_INPUT", problem.message, { fields: [{ path: problem.field, message: problem.fieldMessage }] });
}

/** Reads a JSON body with a size cap; malformed JSON and oversize bodies become 400 / 413. */
export async function readJson(req: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`, { maxBytes });
  const text = await readTextCapped(req, maxBytes);
  if (text.trim() === "") throw new AppError("INVALID_INPUT", "A JSON body is required.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid JSON.");
  }
  const hostile = findHostileText(value);
  if (hostile) {
    const path = hostile.join(".") || "body";
    throw new AppError("INVALID_INPUT", `Invalid input: ${path}: ${HOSTILE_TEXT_MESSAGE}`, {
      fields: [{ path, message: HOSTILE_TEXT_MESSAGE }],
    });
  }
  return value;
}

export async function readTextCapped(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`, { maxBytes });
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  // A raw NUL byte (a CSV cell, a form field) is never data: PostgreSQL text cannot hold it.
  if (text.includes("\u0000"))
    throw new AppError("INVALID_INPUT", `Invalid input: body: ${HOSTILE_TEXT_MESSAGE}`, {
      fields: [{ path: "body", message: HOSTILE_TEXT_MESSAGE }],
    });
  return text;
}

/** Parses with a zod schema, throwing the 400 shape of API.md. */
export function parseWith<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw zodToAppError(r.error);
  return r.data;
}

export function searchParamsOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}
