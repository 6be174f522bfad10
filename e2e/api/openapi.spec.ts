// GET /api/openapi.json from the production build: valid OpenAPI 3.1, every route family in it, and
// an error the app really sends has the documented shape; /docs renders it in Chromium with Scalar,
// bundled: nothing is loaded from outside the app and the CSP (no 'unsafe-eval') is not violated.
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, test } from "@playwright/test";
import { APP_URL } from "../support/fixtures";

type Doc = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { operationId: string; summary: string }>>;
  components: { schemas: Record<string, { properties: { error: { required: string[]; properties: { code: { enum: string[] } } } } }> };
};

test("the document is valid OpenAPI 3.1 and describes the errors the app sends", async ({ request }) => {
  const res = await request.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  const doc = (await res.json()) as Doc;
  const validator = new Validator();
  const result = await validator.validate(doc as unknown as Parameters<Validator["validate"]>[0]);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.info.title).toBe("Holdfast API");
  for (const [path, method] of [
    ["/api/stores/{store}/stock", "get"],
    ["/api/stores/{store}/cart/items", "post"],
    ["/api/stores/{store}/checkout", "post"],
    ["/api/stores/{store}/admin/inventory/{sku}", "patch"],
    ["/api/payments/webhooks/{provider}", "post"],
    ["/api/cron/cleanup", "get"],
  ] as const) {
    expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  }

  // A real 400 and 404 of the running app match the documented error schemas.
  for (const [url, status] of [
    ["/api/stores/demo/stock", 400],
    ["/api/stores/no-such-store-openapi/products", 404],
  ] as const) {
    const answer = await request.get(url);
    expect(answer.status()).toBe(status);
    const body = (await answer.json()) as { error: Record<string, unknown> };
    const schema = doc.components.schemas[`Error${status}`]!.properties.error;
    for (const key of schema.required) expect(body.error).toHaveProperty(key);
    expect(schema.properties.code.enum).toContain(body.error.code);
    expect(Object.keys(body.error).every((k) => ["code", "message", "details"].includes(k))).toBe(true);
  }
});

test("/docs renders the reference with the app's own assets only", async ({ page }) => {
  // Scalar's bundle is a few MB of JS: seconds on an idle host, up to ~25 s on a loaded 2-core one.
  test.setTimeout(60_000);
  const outside: string[] = [];
  const cspViolations: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(APP_URL) && !url.startsWith("data:") && !url.startsWith("blob:")) outside.push(url);
  });
  page.on("console", (m) => {
    if (/Content Security Policy|unsafe-eval/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on("pageerror", (e) => cspViolations.push(`pageerror: ${e.message}`));

  const res = await page.goto("/docs");
  expect(res?.status()).toBe(200);
  expect(res?.headers()["content-security-policy"]).not.toContain("unsafe-eval");
  await expect(page.getByRole("heading", { name: "Holdfast API", exact: true })).toBeVisible({ timeout: 40_000 });
  // An operation of the first tag (Catalogue), rendered from the document.
  await expect(page.getByRole("heading", { name: "Live stock levels of up to 100 variants" }).first()).toBeVisible();
  await expect(page.getByText("/api/stores/{store}/stock").first()).toBeVisible();
  expect(outside).toEqual([]);
  expect(cspViolations).toEqual([]);
});
