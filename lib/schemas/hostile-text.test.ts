// The hostile-text predicate, and proxy.ts's use of it in front of every page: a NUL, an unpaired
// surrogate or a malformed escape in a page's path or query is a 400 in API.md's error shape
// before the page renders (and reaches PostgreSQL).
import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { hostileUrlProblem, isHostileText } from "@/lib/schemas/hostile-text";

describe("isHostileText", () => {
  it("refuses NUL and unpaired surrogates, and lets paired ones and ordinary text through", () => {
    expect(isHostileText("a\u0000b")).toBe(true);
    expect(isHostileText("a\ud800")).toBe(true);
    expect(isHostileText("\udc00a")).toBe(true);
    expect(isHostileText("😀 café %00")).toBe(false);
    expect(isHostileText("")).toBe(false);
  });
});

describe("hostileUrlProblem, and proxy.ts in front of every page", () => {
  const at = (path: string) => new URL(path, "http://127.0.0.1:3999");

  it("finds a NUL or a malformed escape in a decoded path segment, and a NUL in a query key or value", () => {
    expect(hostileUrlProblem(at("/demo/products/a%00b"))?.message ?? null).toMatch(/path/);
    expect(hostileUrlProblem(at("/demo/products/%ED%A0%80"))?.message ?? null).toBe("The URL has a malformed escape.");
    expect(hostileUrlProblem(at("/demo/products/%E0%A4%A"))?.message ?? null).toBe("The URL has a malformed escape.");
    expect(hostileUrlProblem(at("/demo?q=a%00"))?.message ?? null).toMatch(/q:/);
    expect(hostileUrlProblem(at("/demo?a%00=1"))?.message ?? null).toMatch(/query:/);
  });
  it("lets clean URLs through, escaped or not", () => {
    expect(hostileUrlProblem(at("/demo/products/caf%C3%A9?q=%F0%9F%98%80&x=1+2"))?.message ?? null).toBeNull();
    expect(hostileUrlProblem(at("/"))?.message ?? null).toBeNull();
  });

  it("answers a page URL with a NUL 400 INVALID_INPUT in the error shape, and a clean one not", async () => {
    const res = proxy(new NextRequest("http://127.0.0.1:3999/demo/products/a%00b"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "INVALID_INPUT", message: expect.stringContaining("NUL") } });
    const query = proxy(new NextRequest("http://127.0.0.1:3999/demo?q=%00"));
    expect(query.status).toBe(400);
    const clean = proxy(new NextRequest("http://127.0.0.1:3999/demo/products/a-b"));
    expect(clean.status).toBe(200);
    expect(clean.headers.get("x-middleware-next")).toBe("1");
  });
  it("still sends a dashboard visitor with no session cookie to sign-in", () => {
    const res = proxy(new NextRequest("http://127.0.0.1:3999/demo/admin/orders"));
    expect(res.status).toBe(307);
    // (NextURL spells 127.0.0.1 "localhost"; Next's adapter makes a same-host Location relative.)
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.pathname + location.search).toBe("/signin?callbackUrl=%2Fdemo%2Fadmin%2Forders");
    const signedIn = proxy(new NextRequest("http://127.0.0.1:3999/demo/admin/orders", { headers: { cookie: "authjs.session-token=x" } }));
    expect(signedIn.headers.get("x-middleware-next")).toBe("1");
    expect(signedIn.headers.get("x-middleware-request-x-admin-store")).toBe("demo");
  });
});
