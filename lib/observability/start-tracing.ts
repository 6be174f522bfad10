// Registers the OpenTelemetry trace SDK at server start when the standard OTEL_* variables ask for
// it (an OTLP endpoint, or OTEL_TRACES_EXPORTER=console); otherwise tracing stays a no-op. The
// exporter reads its endpoint, headers and timeouts from OTEL_EXPORTER_OTLP_* itself.
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace-node";
import type { Env } from "@/lib/env";

export type TracingSetup = { exporter: "otlp" | "console" | null };

type TracingEnv = Pick<
  Env,
  "OTEL_SDK_DISABLED" | "OTEL_TRACES_EXPORTER" | "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
>;

/** Which exporter the environment asks for (null: tracing off). */
export function chooseTraceExporter(env: TracingEnv): TracingSetup["exporter"] {
  if (env.OTEL_SDK_DISABLED) return null;
  const wanted = env.OTEL_TRACES_EXPORTER?.split(",").map((s) => s.trim().toLowerCase()) ?? [];
  if (wanted.includes("none")) return null;
  if (wanted.includes("console")) return "console";
  if (wanted.includes("otlp") || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return "otlp";
  return null;
}

const globalForTracing = globalThis as unknown as { __shopTracing?: NodeTracerProvider };

export function startTracing(env: TracingEnv): TracingSetup {
  const exporterKind = chooseTraceExporter(env);
  if (!exporterKind || globalForTracing.__shopTracing) return { exporter: exporterKind };
  const exporter: SpanExporter = exporterKind === "console" ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": "holdfast-shop" }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  globalForTracing.__shopTracing = provider;
  return { exporter: exporterKind };
}

/** Sends the spans still buffered (before a short-lived process exits); a no-op when tracing is off. */
export async function flushTracing(): Promise<void> {
  await globalForTracing.__shopTracing?.forceFlush();
}
