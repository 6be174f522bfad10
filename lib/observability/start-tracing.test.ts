// Tracing starts only when the standard OTEL_* variables ask for it, and then our spans reach the
// OTLP/HTTP endpoint they name (a local receiver here), nested as they ran.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, trace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { chooseTraceExporter, flushTracing, startTracing } from "@/lib/observability/start-tracing";
import { withSpan } from "@/lib/observability/tracing";

const off = { OTEL_SDK_DISABLED: false, OTEL_TRACES_EXPORTER: undefined, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined };

describe("chooseTraceExporter", () => {
  it("is off unless an endpoint or exporter is named, and OTEL_SDK_DISABLED / none win", () => {
    expect(chooseTraceExporter(off)).toBeNull();
    expect(chooseTraceExporter({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe("otlp");
    expect(chooseTraceExporter({ ...off, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" })).toBe("otlp");
    expect(chooseTraceExporter({ ...off, OTEL_TRACES_EXPORTER: "console" })).toBe("console");
    expect(chooseTraceExporter({ ...off, OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBeNull();
    expect(chooseTraceExporter({ ...off, OTEL_SDK_DISABLED: true, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBeNull();
  });
});

describe("startTracing with an OTLP endpoint", () => {
  let server: Server;
  const bodies: { path: string; body: string }[] = [];
  afterAll(async () => {
    trace.disable();
    context.disable();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("exports our spans, parent and child, to OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        bodies.push({ path: req.url ?? "", body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The exporter reads the standard variables itself.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = "http/json";
    process.env.OTEL_SERVICE_NAME = "shop-under-test";
    try {
      expect(startTracing({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toEqual({ exporter: "otlp" });
      await withSpan("checkout", { "shop.store_id": "s1" }, () => withSpan("payment.provider.create", { "shop.provider": "sandbox" }, async () => "ref"));
      await flushTracing();
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
      delete process.env.OTEL_SERVICE_NAME;
    }
    expect(bodies.map((b) => b.path)).toContain("/v1/traces");
    const sent = bodies.map((b) => b.body).join("\n");
    expect(sent).toContain('"name":"checkout"');
    expect(sent).toContain('"name":"payment.provider.create"');
    expect(sent).toContain("shop-under-test");
    const spans = bodies.flatMap((b) => {
      const json = JSON.parse(b.body) as { resourceSpans: { scopeSpans: { spans: { name: string; spanId: string; parentSpanId?: string }[] }[] }[] };
      return json.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    });
    const parent = spans.find((s) => s.name === "checkout")!;
    const child = spans.find((s) => s.name === "payment.provider.create")!;
    expect(child.parentSpanId).toBe(parent.spanId);
  });
});
