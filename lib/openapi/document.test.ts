// The OpenAPI document lists every route handler (each exported HTTP method of each
// app/api/**/route.ts, and nothing that is not one) and is valid OpenAPI 3.1.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, errorStatusesOf } from "./document";
import { OPERATIONS } from "./operations";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = path.join(ROOT, "app/api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return /^route\.(ts|tsx|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** app/api/stores/[store]/cart/items/[variantId]/route.ts → /api/stores/{store}/cart/items/{variantId}; route groups and private folders left out. */
function openApiPathOf(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return (
    "/" +
    segments
      .filter((s) => !/^\(.*\)$/.test(s))
      .map((s) => s.replace(/^\[\[?(?:\.\.\.)?([^\]]+)\]\]?$/, "{$1}"))
      .join("/")
  );
}

/** The HTTP methods a route module exports (export const GET, export function POST, export { GET, POST }). */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|async\s+function|function)\s+([A-Z]+)\b/g)) if (METHODS.includes(m[1]!)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const name of m[1]!.split(",").map((x) => x.trim().split(/\s+as\s+/).pop()!))
      if (METHODS.includes(name)) found.add(name);
  return [...found];
}

const routes = routeFiles(API_DIR).flatMap((file) =>
  exportedMethods(readFileSync(file, "utf8")).map((method) => `${method} ${openApiPathOf(file)}`),
);

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  const documented = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item).filter((k) => METHODS.includes(k.toUpperCase())).map((m) => `${m.toUpperCase()} ${p}`),
  );

  it("finds the route handlers it checks", () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContain("GET /api/stores/{store}/stock");
    expect(routes).toContain("GET /api/auth/{nextauth}");
    expect(routes).toContain("PATCH /api/stores/{store}/admin/inventory/bulk");
  });

  it("has an entry for every exported method of every app/api/**/route.ts", () => {
    const missing = routes.filter((r) => !documented.includes(r));
    expect(missing, `routes with no OpenAPI entry (add them to lib/openapi/operations.ts)`).toEqual([]);
  });

  it("has no entry without a route handler", () => {
    const stale = documented.filter((d) => !routes.includes(d));
    expect(stale, "OpenAPI entries with no route handler").toEqual([]);
  });

  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)) as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("gives every operation a unique id, a success answer and the error shape", () => {
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Record<string, unknown> }>)) {
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith("2")), `${method} ${p}`).toBe(true);
        expect((op.responses["500"] as { $ref?: string } | undefined)?.$ref, `${method} ${p}`).toBe("#/components/responses/Error500");
      }
    }
    const error500 = doc.components?.responses?.Error500 as { content: Record<string, { schema: { $ref: string } }> };
    expect(error500.content["application/json"]!.schema.$ref).toBe("#/components/schemas/Error500");
    const error = (doc.components?.schemas?.Error409 ?? {}) as { properties?: { error?: { properties?: Record<string, { enum?: string[] }>; required?: string[] } } };
    expect(error.properties?.error?.required).toEqual(["code", "message"]);
    expect(error.properties?.error?.properties?.code?.enum).toContain("INSUFFICIENT_STOCK");
    expect(error.properties?.error?.properties?.code?.enum).not.toContain("NOT_FOUND");
  });

  it("documents the request schemas the routes parse (input side) and the admin's access", () => {
    const addItem = OPERATIONS.find((o) => o.operationId === "addCartItem")!;
    expect(errorStatusesOf(addItem)).toEqual(expect.arrayContaining([400, 403, 404, 409, 413, 429]));
    const body = (doc.paths?.["/api/stores/{store}/cart/items"]?.post?.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }).content["application/json"]!.schema;
    expect(body.required.sort()).toEqual(["quantity", "variantId"]);
    expect(body.properties.quantity).toMatchObject({ type: "integer", minimum: 1, maximum: 99 });
    const inventory = doc.paths?.["/api/stores/{store}/admin/inventory"]?.get as { security?: unknown; parameters?: { name: string }[] };
    expect(inventory.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(inventory.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["store", "state", "q", "cursor", "limit"]));
  });
});
