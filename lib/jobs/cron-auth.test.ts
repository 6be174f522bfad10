import { describe, expect, it } from "vitest";
import { isCronRequestAuthorized } from "@/lib/jobs/cron-auth";

const secret = "cron-secret-0123456789abcdef";
const url = "https://shop.test/api/cron/cleanup";
const ok = (authorization: string | null, u = url, s: string | undefined = secret) => isCronRequestAuthorized({ authorization, url: u, secret: s });

describe("cron auth", () => {
  it("accepts exactly the bearer secret", () => {
    expect(ok(`Bearer ${secret}`)).toBe(true);
    expect(ok(`Bearer ${secret}`, `${url}?dryRun=1&repair=1`)).toBe(true);
  });
  it("refuses no header, a wrong secret, another scheme, a prefix or a longer value", () => {
    expect(ok(null)).toBe(false);
    expect(ok("Bearer nope")).toBe(false);
    expect(ok(`Basic ${secret}`)).toBe(false);
    expect(ok(`Bearer ${secret.slice(0, -1)}`)).toBe(false);
    expect(ok(`Bearer ${secret}x`)).toBe(false);
    expect(ok(secret)).toBe(false);
  });
  it("refuses everything when the secret is unset", () => {
    expect(ok("Bearer ", url, undefined)).toBe(false);
    expect(ok("Bearer undefined", url, undefined)).toBe(false);
    expect(ok(`Bearer ${secret}`, url, "")).toBe(false);
  });
  it("refuses a secret in the query string, even with a good header", () => {
    expect(ok(null, `${url}?secret=${secret}`)).toBe(false);
    expect(ok(`Bearer ${secret}`, `${url}?secret=${secret}`)).toBe(false);
    expect(ok(`Bearer ${secret}`, `${url}?token=whatever`)).toBe(false);
    expect(ok(`Bearer ${secret}`, `${url}?x=${secret}`)).toBe(false);
  });
});
