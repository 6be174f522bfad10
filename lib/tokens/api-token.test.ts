import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { generateApiToken, hashApiToken, isApiTokenFormat } from "@/lib/tokens/api-token";

describe("API tokens", () => {
  it("look like shop_ + 32 base64url characters, with their sha256 and a display prefix", () => {
    const t = generateApiToken();
    expect(t.secret).toMatch(/^shop_[A-Za-z0-9_-]{32}$/);
    expect(t.tokenHash).toBe(createHash("sha256").update(t.secret).digest("hex"));
    expect(t.prefix).toBe(t.secret.slice(0, 10));
    expect(t.tokenHash).not.toContain(t.secret.slice(5));
  });

  it("are different every time", () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiToken().secret));
    expect(secrets.size).toBe(200);
  });

  it("hash deterministically", () => {
    expect(hashApiToken("shop_abc")).toBe(hashApiToken("shop_abc"));
    expect(hashApiToken("shop_abc")).not.toBe(hashApiToken("shop_abd"));
  });

  it("reject anything not shaped like a token before any lookup", () => {
    expect(isApiTokenFormat(generateApiToken().secret)).toBe(true);
    for (const bad of [
      "",
      "shop_",
      "shop_short",
      "Bearer shop_" + "a".repeat(32),
      "tok_" + "a".repeat(32),
      "shop_" + "a".repeat(31),
      "shop_" + "a".repeat(31) + "!",
    ]) {
      expect(isApiTokenFormat(bad)).toBe(false);
    }
  });
});
