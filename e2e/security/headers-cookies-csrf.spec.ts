// Browser-facing defences read from real answers of the production build: the security headers
// of next.config.ts, the cookie flags of sessions and carts, and the cross-site request guard of
// route() (cookie-authenticated writes from another site are refused and change nothing).
import { expect, test, type APIResponse } from "@playwright/test";
import { createUser } from "../support/fixtures";
import { signedInClient, tokenClient } from "../support/auth";
import { adminToken } from "../support/auth";
import { APP_URL, createStore, globalFingerprint, newClient, startAltServer, stockedProduct, storeFingerprint } from "./security-fixtures";

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function setCookies(res: APIResponse): string[] {
  return res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
}

test.describe("security headers (next.config.ts)", () => {
  for (const path of ["/", "/demo", "/signin", "/api/health", "/api/stores/demo/products"]) {
    test(`${path} carries CSP without unsafe-eval, frame-ancestors 'none', HSTS and a strict referrer policy`, async ({ request }) => {
      const res = await request.get(path, { maxRedirects: 0 });
      const h = res.headers();
      const csp = h["content-security-policy"];
      expect(csp, "Content-Security-Policy").toBeTruthy();
      const d = directives(csp!);
      expect(d.get("frame-ancestors")).toEqual(["'none'"]);
      expect(d.get("object-src")).toEqual(["'none'"]);
      expect(d.get("base-uri")).toEqual(["'self'"]);
      expect(d.get("default-src")).toEqual(["'self'"]);
      for (const [name, values] of d) expect(values, `${name} must not allow eval`).not.toContain("'unsafe-eval'");
      expect(d.get("script-src") ?? d.get("default-src")).not.toContain("*");
      const hsts = h["strict-transport-security"] ?? "";
      expect(hsts).toMatch(/max-age=(\d+)/);
      expect(Number(/max-age=(\d+)/.exec(hsts)![1])).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts).toMatch(/includeSubDomains/i);
      expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]).toContain(h["referrer-policy"]);
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["x-frame-options"]).toBe("DENY");
      expect(h["x-powered-by"]).toBeUndefined();
    });
  }

  test("the storefront runs under that policy: no CSP violation in the browser", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/demo");
    await expect(page.getByRole("heading").first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });
});

test.describe("cookies", () => {
  test("the cart cookie is httpOnly and SameSite=Lax, and not Secure on the suite's plain-http origin (a LAN address keeps its cart)", async () => {
    const product = await stockedProduct("demo", 50);
    const guest = await newClient();
    try {
      const res = await guest.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } });
      expect(res.status()).toBe(200);
      const cart = setCookies(res).find((c) => c.startsWith("cart_demo="));
      expect(cart, setCookies(res).join("\n")).toBeDefined();
      expect(cart).toMatch(/;\s*HttpOnly/i);
      expect(cart).toMatch(/;\s*SameSite=Lax/i);
      expect(cart).not.toMatch(/;\s*Secure/i);
      expect(cart).toMatch(/;\s*Path=\//i);
    } finally {
      await guest.dispose();
    }
  });

  test("the session cookie is httpOnly and SameSite=Lax, and Secure (__Secure- prefix) when the app is served over HTTPS; so is the cart cookie", async () => {
    const user = await createUser();
    const product = await stockedProduct("demo", 50);
    // The production deployment's URL is https: a second server of the same build, told so.
    const server = await startAltServer({ AUTH_URL: "https://shop.example.test", APP_URL: "https://shop.example.test" });
    try {
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const csrfCookies = csrf.headers.getSetCookie();
      expect(csrfCookies.join("\n")).toMatch(/^__Host-authjs\.csrf-token=.*;\s*HttpOnly.*/im);
      const cookieHeader = csrfCookies.map((c) => c.split(";")[0]).join("; ");
      const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader },
        body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, callbackUrl: "https://shop.example.test/" }),
      });
      expect(res.status).toBe(302);
      const session = res.headers.getSetCookie().find((c) => c.startsWith("__Secure-authjs.session-token="));
      expect(session, res.headers.getSetCookie().join("\n")).toBeDefined();
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);
      expect(session).toMatch(/;\s*Secure/i);
      const add = await fetch(`${server.url}/api/stores/demo/cart/items`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ variantId: product.variantId, quantity: 1 }) });
      expect(add.status).toBe(200);
      const cart = add.headers.getSetCookie().find((c) => c.startsWith("cart_demo="));
      expect(cart).toMatch(/;\s*Secure/i);
    } finally {
      await server.stop();
    }
  });

  test("on plain-HTTP test servers the session cookie is still httpOnly and SameSite=Lax", async ({ request }) => {
    const user = await createUser();
    const csrf = await (await request.get("/api/auth/csrf")).json();
    const res = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, callbackUrl: `${APP_URL}/` },
      maxRedirects: 0,
    });
    const session = setCookies(res).find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });
});

test.describe("cross-site request forgery", () => {
  const EVIL = "https://evil.example";

  test("a cross-site cart write is refused (403) and changes nothing; the same write from the shop itself works", async () => {
    const product = await stockedProduct("demo", 50);
    const shopper = await signedInClient(await createUser());
    try {
      const path = "/api/stores/demo/cart/items";
      const data = { variantId: product.variantId, quantity: 1 };
      const before = await globalFingerprint();
      const forgeries: Record<string, string>[] = [
        { Origin: EVIL },
        { Origin: "null" },
        { "Sec-Fetch-Site": "cross-site" },
        { "Sec-Fetch-Site": "same-site" },
        { Origin: `${APP_URL}.evil.example` },
      ];
      for (const headers of forgeries) {
        const res = await shopper.post(path, { data, headers });
        expect(res.status(), JSON.stringify(headers)).toBe(403);
        expect((await res.json()).error.code).toBe("FORBIDDEN");
      }
      for (const [method, url] of [
        ["PATCH", `/api/stores/demo/cart/items/${product.variantId}`],
        ["DELETE", `/api/stores/demo/cart/items/${product.variantId}`],
        ["DELETE", "/api/stores/demo/cart"],
        ["POST", "/api/stores/demo/cart/extend"],
        ["POST", "/api/stores/demo/cart/fix"],
        ["POST", "/api/stores/demo/checkout"],
      ] as const) {
        const res = await shopper.fetch(url, { method, data: method === "PATCH" ? { quantity: 3 } : undefined, headers: { Origin: EVIL } });
        expect(res.status(), `${method} ${url}`).toBe(403);
      }
      expect(await globalFingerprint()).toEqual(before);

      const own = await shopper.post(path, { data, headers: { Origin: APP_URL, "Sec-Fetch-Site": "same-origin" } });
      expect(own.status()).toBe(200);
      // A client that is not a browser (no Origin, no Sec-Fetch-Site) is not a forgery vector.
      expect((await shopper.post(path, { data })).status()).toBe(200);
    } finally {
      await shopper.dispose();
    }
  });

  test("an admin's session cannot be ridden cross-site; a Bearer token (not a cookie) is not subject to the check", async () => {
    const store = await createStore("csrf");
    const product = await stockedProduct(store.slug, 10);
    const admin = await signedInClient(await createUser({ store: store.slug }));
    const token = await tokenClient(await adminToken(store.slug));
    try {
      const before = await storeFingerprint(store.id);
      const url = `/api/stores/${store.slug}/admin/inventory/${encodeURIComponent(product.sku)}`;
      const forged = await admin.patch(url, { data: { stock: 0, reason: "forged" }, headers: { Origin: EVIL } });
      expect(forged.status()).toBe(403);
      const mint = await admin.post(`/api/stores/${store.slug}/admin/tokens`, { data: { name: "forged" }, headers: { Origin: EVIL } });
      expect(mint.status()).toBe(403);
      const settings = await admin.patch(`/api/stores/${store.slug}/admin/settings`, { data: { reservationTtlSeconds: 10 }, headers: { "Sec-Fetch-Site": "cross-site" } });
      expect(settings.status()).toBe(403);
      expect(await storeFingerprint(store.id)).toEqual(before);

      expect((await admin.patch(url, { data: { stock: 9, reason: "own page" }, headers: { Origin: APP_URL } })).status()).toBe(200);
      expect((await token.patch(url, { data: { stock: 8, reason: "integration" }, headers: { Origin: EVIL } })).status()).toBe(200);
    } finally {
      await admin.dispose();
      await token.dispose();
    }
  });

  test("sign-up from another site is refused; Auth.js's credentials sign-in needs its csrf token", async () => {
    const client = await newClient();
    try {
      const before = await globalFingerprint();
      const signup = await client.post("/api/auth/signup", {
        data: { email: `csrf-${Date.now()}@example.test`, password: "a long enough password", name: "Forged" },
        headers: { Origin: EVIL },
      });
      expect(signup.status()).toBe(403);
      expect(await globalFingerprint()).toEqual(before);

      const user = await createUser();
      const noToken = await client.post("/api/auth/callback/credentials", { form: { email: user.email, password: user.password }, maxRedirects: 0 });
      expect(setCookies(noToken).some((c) => /authjs\.session-token=[^;]+/.test(c))).toBe(false);
      expect(noToken.headers()["location"] ?? "").toMatch(/error=MissingCSRF/);
      expect((await (await client.get("/api/auth/session")).json())?.user).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  test("a real browser: a form on another site posting to the shop's cart (text/plain JSON trick) is refused", async ({ page }) => {
    const product = await stockedProduct("demo", 5);
    const before = await globalFingerprint();
    const target = `${APP_URL}/api/stores/demo/cart/items`;
    // The attacker's page, served by the test for https://evil.example: a form that submits itself.
    const name = JSON.stringify({ variantId: product.variantId, quantity: 1, pad: "" }).slice(0, -2);
    await page.route("https://evil.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<html><body><form id="f" method="POST" enctype="text/plain" action="${target}"><input name='${name}' value='"}'></form>
               <script>document.getElementById("f").submit()</script></body></html>`,
      }),
    );
    const answer = page.waitForResponse((r) => r.url() === target);
    await page.goto("https://evil.example/");
    const res = await answer;
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("Cross-site request refused");
    expect(await globalFingerprint()).toEqual(before);
  });
});
