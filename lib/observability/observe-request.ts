// What route() does for observability around each handler: a request id (the caller's
// x-request-id when sane, else a new one) echoed in the response and carried by every log line and
// span below; a span for the route; one log line with store, route, status, outcome and duration.
import { SpanStatusCode } from "@opentelemetry/api";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { getRequestContext, requestIdFrom, runWithRequestContext, type RequestContext } from "@/lib/observability/request-context";
import { ATTR, withSpan } from "@/lib/observability/tracing";

export const REQUEST_ID_HEADER = "x-request-id";

type RouteParams = Record<string, string | string[] | undefined>;

async function paramsOf(ctx: unknown): Promise<RouteParams> {
  const params = (ctx as { params?: unknown } | null | undefined)?.params;
  if (!params) return {};
  try {
    const value = await params;
    return value && typeof value === "object" ? (value as RouteParams) : {};
  } catch {
    return {};
  }
}

/**
 * The route's pattern from its path and params: /api/stores/demo/cart → /api/stores/[store]/cart.
 * Next.js lists params in path order, so each is looked for after the previous one.
 */
export function routePattern(pathname: string, params: RouteParams): string {
  const segments = pathname.split("/");
  let from = 1;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const parts = Array.isArray(value) ? value : [value];
    if (parts.length === 0) continue;
    for (let i = from; i + parts.length <= segments.length; i++) {
      if (parts.every((p, j) => safeDecode(segments[i + j] ?? "") === p)) {
        segments.splice(i, parts.length, Array.isArray(value) ? `[...${key}]` : `[${key}]`);
        from = i + 1;
        break;
      }
    }
  }
  return segments.join("/") || "/";
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** route() calls this with a thrown error, so the request's log line and span carry its code. */
export function noteRequestError(e: unknown): void {
  const ctx = getRequestContext();
  if (ctx && e instanceof AppError) ctx.errorCode = e.code;
}

function codeForStatus(status: number): string | undefined {
  if (status === 503) return "UNAVAILABLE";
  if (status >= 500) return "INTERNAL";
  if (status === 400) return "INVALID_INPUT"; // a ZodError or malformed JSON (not an AppError)
  return undefined;
}

function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    // Immutable headers (Response.redirect, a fetched response): copy.
    const copy = new Response(res.body, res);
    copy.headers.set(name, value);
    return copy;
  }
}

export async function observeRequest(req: Request, ctx: unknown, run: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  const params = await paramsOf(ctx);
  const route = routePattern(new URL(req.url).pathname, params);
  const context: RequestContext = { requestId, route, method: req.method };
  if (typeof params.store === "string") context.store = params.store;
  return runWithRequestContext(context, () =>
    withSpan(`route ${req.method} ${route}`, { "http.request.method": req.method, "http.route": route, [ATTR.requestId]: requestId }, async (span) => {
      const res = await run();
      const status = res.status;
      const outcome = status >= 500 ? "error" : status >= 400 ? "refused" : "ok";
      const code = context.errorCode ?? codeForStatus(status);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      if (span.isRecording()) {
        span.setAttributes({ "http.response.status_code": status, [ATTR.outcome]: outcome, ...(code ? { [ATTR.errorCode]: code } : {}) });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? String(status) });
      }
      const line = { method: req.method, status, outcome, durationMs, ...(code ? { code } : {}) };
      const log = getLogger();
      if (status >= 500 && status !== 503) log.error(line, "request");
      else if (status === 503) log.warn(line, "request");
      else log.info(line, "request");
      return withHeader(res, REQUEST_ID_HEADER, requestId);
    }),
  );
}
