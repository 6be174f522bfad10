// Spans of our own around the operations that matter (inventory, checkout, provider calls, job
// runs), over @opentelemetry/api only: with no SDK registered every call is a cheap no-op, and with
// one (instrumentation.ts) the spans nest under Next.js's request spans and go where OTEL_* points.
import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { AppError } from "@/lib/errors";
import { getRequestContext } from "@/lib/observability/request-context";
import { scrubString } from "@/lib/observability/scrub";

export type { Span } from "@opentelemetry/api";
export type SpanAttributes = Record<string, string | number | boolean | null | undefined>;

export const TRACER_NAME = "holdfast-shop";

/** Attribute names shared by every span (so dashboards can group by them). */
export const ATTR = {
  store: "shop.store",
  storeId: "shop.store_id",
  skuCount: "shop.sku_count",
  outcome: "shop.outcome",
  errorCode: "shop.error_code",
  requestId: "shop.request_id",
  job: "shop.job",
} as const;

function clean(attrs: SpanAttributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** The code of an expected failure (AppError and friends), or null for an unexpected error. */
export function errorCodeOf(e: unknown): string | null {
  return e instanceof AppError ? e.code : null;
}

/**
 * Runs fn inside a span named `name` (a child of the active span). The span gets `attrs`, the
 * request's store, and an outcome: "ok", or the error code of an AppError (status ERROR), or
 * "error" for anything else (status ERROR, exception recorded). fn may add attributes of its own.
 */
export function withSpan<T>(name: string, attrs: SpanAttributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, async (span) => {
    if (span.isRecording()) {
      // "ok" unless fn says otherwise (e.g. "skipped") or throws.
      const store = getRequestContext()?.store;
      span.setAttributes(clean({ ...(store === undefined ? {} : { [ATTR.store]: store }), [ATTR.outcome]: "ok", ...attrs }));
    }
    try {
      return await fn(span);
    } catch (e) {
      if (span.isRecording()) markSpanFailed(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
}

export function markSpanFailed(span: Span, e: unknown): void {
  const code = errorCodeOf(e);
  if (code) {
    span.setAttributes({ [ATTR.outcome]: "refused", [ATTR.errorCode]: code, "error.type": code });
    span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  } else {
    const type = e instanceof Error ? e.name : typeof e;
    span.setAttributes({ [ATTR.outcome]: "error", "error.type": type });
    if (e instanceof Error) span.recordException({ name: e.name, message: scrubString(e.message), stack: e.stack && scrubString(e.stack) });
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
}
