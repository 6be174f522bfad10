// One domain operation (a hold, a checkout, a provider call) in a span of its own plus one debug
// log line with its attributes, outcome and duration; the request context adds the request id.
import { getLogger } from "@/lib/observability/logger";
import { errorCodeOf, withSpan, type Span, type SpanAttributes } from "@/lib/observability/tracing";

function logFields(attrs: SpanAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) out[k.startsWith("shop.") ? k.slice(5) : k] = v;
  return out;
}

export function traceOperation<T>(name: string, attrs: SpanAttributes, fn: (span: Span) => Promise<T>): Promise<T> {
  const started = performance.now();
  return withSpan(name, attrs, async (span) => {
    const log = getLogger();
    try {
      const result = await fn(span);
      if (log.isLevelEnabled("debug")) log.debug({ op: name, ...logFields(attrs), outcome: "ok", durationMs: elapsed(started) }, name);
      return result;
    } catch (e) {
      const code = errorCodeOf(e);
      if (code) log.debug({ op: name, ...logFields(attrs), outcome: "refused", code, durationMs: elapsed(started) }, name);
      else log.warn({ op: name, ...logFields(attrs), outcome: "error", err: e, durationMs: elapsed(started) }, name);
      throw e;
    }
  });
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
