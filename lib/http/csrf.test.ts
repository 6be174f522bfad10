// The cross-site write guard: a browser's Origin must be the app's own origin, by the one origin
// rule (lib/http/origin.ts): the configured origins, else the Host the request was sent to; never
// X-Forwarded-Host, which any client writes.
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { resetEnvForTests } from "@/lib/env";
import { crossSiteProblem } from "@/lib/http/csrf";

const post = (headers: Record<string, string>, url = "http://127.0.0.1:3999/api/stores/demo/cart/items") => new Request(url, { method: "POST", headers });

describe("crossSiteProblem", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    resetEnvForTests();
  });

  it("lets a write whose Origin is the Host it was sent to through, and safe methods always", () => {
    expect(post({ host: "127.0.0.1:3999", origin: "http://127.0.0.1:3999" }).headers.get("host")).toBe("127.0.0.1:3999");
    expect(crossSiteProblem(post({ host: "127.0.0.1:3999", origin: "http://127.0.0.1:3999" }), [])).toBeNull();
    expect(crossSiteProblem(post({ host: "192.168.1.20:3999", origin: "http://192.168.1.20:3999" }), [])).toBeNull();
    expect(crossSiteProblem(new Request("http://127.0.0.1:3999/x", { headers: { origin: "https://evil.example" } }), [])).toBeNull();
  });

  it("refuses another site's Origin even when the request names that site in X-Forwarded-Host", () => {
    const req = post({ host: "127.0.0.1:3999", origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(crossSiteProblem(req, [])).toBe("the request was sent by another site");
    const listed = post({ host: "127.0.0.1:3999", origin: "http://evil.example", "x-forwarded-host": "a.example, evil.example" });
    expect(crossSiteProblem(listed, [])).toBe("the request was sent by another site");
  });

  it("refuses opaque and cross-site senders, and lets non-browser and bearer requests through", () => {
    expect(crossSiteProblem(post({ host: "127.0.0.1:3999", origin: "null" }), [])).toBe("the request has an opaque origin");
    expect(crossSiteProblem(post({ host: "127.0.0.1:3999", "sec-fetch-site": "cross-site" }), [])).toBe("the request was sent by another site");
    expect(crossSiteProblem(post({ host: "127.0.0.1:3999" }), [])).toBeNull();
    expect(crossSiteProblem(post({ host: "127.0.0.1:3999", origin: "https://evil.example", authorization: "Bearer x" }), [])).toBeNull();
  });

  it("trusts the configured origin: APP_URL, or Vercel's production domain when APP_URL is unset", () => {
    process.env.APP_URL = "https://shop.example.com/";
    resetEnvForTests();
    expect(crossSiteProblem(post({ host: "10.0.0.5:3000", origin: "https://shop.example.com" }))).toBeNull();
    expect(crossSiteProblem(post({ host: "10.0.0.5:3000", origin: "https://evil.example", "x-forwarded-host": "evil.example" }))).not.toBeNull();
    delete process.env.APP_URL;
    process.env.VERCEL_PROJECT_PRODUCTION_URL = "shop.vercel.app";
    resetEnvForTests();
    expect(crossSiteProblem(post({ host: "internal.vercel", origin: "https://shop.vercel.app" }))).toBeNull();
    expect(crossSiteProblem(post({ host: "internal.vercel", origin: "https://other.vercel.app" }))).not.toBeNull();
  });
});
