import { describe, expect, it } from "vitest";
import { clientAddressOf, normalizeAddress, parseTrustedProxies } from "@/lib/http/client-address";

const h = (init: Record<string, string>) => new Headers(init);
const none = parseTrustedProxies(undefined);

describe("client address", () => {
  it("with no trusted proxy: the socket's address; X-Forwarded-For and X-Real-IP are ignored", () => {
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" }), peer: "::ffff:203.0.113.9", trusted: none, onVercel: false })).toBe("203.0.113.9");
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "1.2.3.4" }), peer: null, trusted: none, onVercel: false })).toBeNull();
  });

  it("a hop count takes the entry the nearest proxies wrote, whatever the client prepended", () => {
    const one = parseTrustedProxies("1");
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), peer: "10.0.0.2", trusted: one, onVercel: false })).toBe("203.0.113.9");
    const two = parseTrustedProxies("2");
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.5" }), peer: "10.0.0.2", trusted: two, onVercel: false })).toBe("203.0.113.9");
  });

  it("an address list: only a trusted peer's header is read, walking left past trusted proxies", () => {
    const list = parseTrustedProxies("10.0.0.0/8, 192.0.2.7");
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.1.1.1" }), peer: "192.0.2.7", trusted: list, onVercel: false })).toBe("203.0.113.9");
    // A client that is not a trusted proxy cannot name anyone.
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "198.51.100.1" }), peer: "203.0.113.50", trusted: list, onVercel: false })).toBe("203.0.113.50");
    expect(clientAddressOf({ headers: h({ "x-forwarded-for": "198.51.100.1" }), peer: null, trusted: list, onVercel: false })).toBeNull();
  });

  it("on Vercel: Vercel's own header, never X-Forwarded-For", () => {
    expect(clientAddressOf({ headers: h({ "x-vercel-forwarded-for": "203.0.113.9", "x-forwarded-for": "6.6.6.6" }), peer: null, trusted: none, onVercel: true })).toBe("203.0.113.9");
    expect(clientAddressOf({ headers: h({ "x-real-ip": "203.0.113.10" }), peer: null, trusted: none, onVercel: true })).toBe("203.0.113.10");
  });

  it("parses and refuses settings; normalizes addresses", () => {
    expect(() => parseTrustedProxies("11")).toThrow();
    expect(() => parseTrustedProxies("not-an-ip")).toThrow();
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow();
    expect(normalizeAddress("[::1]:443")).toBe("::1");
    expect(normalizeAddress("1.2.3.4:80")).toBe("1.2.3.4");
    expect(normalizeAddress("garbage")).toBeNull();
  });
});
