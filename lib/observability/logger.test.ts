// The logger writes JSON lines with level, time and the request's context, and never a password,
// token, cookie, secret or card number, whatever a caller hands it.
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { getLogger, resolveLogLevel } from "@/lib/observability/logger";
import { requestIdFrom, runWithRequestContext } from "@/lib/observability/request-context";
import { isLuhnValid, scrubString } from "@/lib/observability/scrub";
import { captureLogs, type LogCapture } from "@/lib/testing/log-capture";

let capture: LogCapture | undefined;
afterEach(() => capture?.restore());

const SECRETS = {
  password: "hunter2-correct-horse",
  token: "shop_0123456789abcdefghijklmnop",
  cookie: "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2In0.abcdefghij.klmnop",
  stripe: "sk_test_51AbCdEfGhIjKlMnOpQrStUv",
  card: "4242 4242 4242 4242",
  dbPassword: "s3cr3t-db-pass",
};

function assertNoSecret(text: string) {
  for (const [name, value] of Object.entries(SECRETS)) expect(text, `${name} leaked`).not.toContain(value);
  expect(text).not.toContain("hunter2");
  expect(text).not.toContain("4242424242424242");
  expect(text).not.toMatch(/eyJhbGciOiJkaXIi/);
}

describe("log lines", () => {
  it("are JSON with a level label, an ISO time and the message", () => {
    capture = captureLogs("info");
    getLogger().info({ sku: "TEE-S", quantity: 2 }, "hold placed");
    getLogger().debug("not at info");
    const [line, ...rest] = capture.lines();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: "info", msg: "hold placed", sku: "TEE-S", quantity: 2 });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it("carry the request id, store and route of the request context, even from deep inside async work", async () => {
    capture = captureLogs("info");
    await runWithRequestContext({ requestId: "req-123", store: "demo", route: "/api/stores/[store]/cart/items" }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      await Promise.all([1, 2].map(async (n) => getLogger().info({ n }, "inner")));
    });
    getLogger().info("outside");
    const lines = capture.lines();
    expect(lines.slice(0, 2).map((l) => [l.requestId, l.store, l.route])).toEqual([
      ["req-123", "demo", "/api/stores/[store]/cart/items"],
      ["req-123", "demo", "/api/stores/[store]/cart/items"],
    ]);
    expect(lines[2]?.requestId).toBeUndefined();
  });

  it("redact secret fields at any depth, and secrets inside strings, messages and errors", () => {
    capture = captureLogs("debug");
    const log = getLogger();
    log.info({ email: "a@b.test", password: SECRETS.password, user: { passwordHash: "scrypt$abc", apiToken: SECRETS.token } }, "sign-in");
    log.info({ headers: { authorization: `Bearer ${SECRETS.token}`, cookie: SECRETS.cookie, "content-type": "application/json" } }, "request");
    log.info({ note: `key=${SECRETS.stripe} and header Authorization: Bearer ${SECRETS.token}` }, `card ${SECRETS.card} paid`);
    log.warn({ url: `postgresql://app:${SECRETS.dbPassword}@db.internal:5432/shop` }, "db url");
    log.error({ err: new Error(`connect failed for postgresql://app:${SECRETS.dbPassword}@db/shop with ${SECRETS.cookie}`) }, "unexpected");
    log.error(new Error(`password=${SECRETS.password}`));
    log.info({ secrets: [{ clientSecret: "abc123456" }], stripeWebhookSecret: "whsec_abcdefghijklmnop" }, "config");
    const text = capture.raw.join("\n");
    assertNoSecret(text);
    expect(text).not.toContain("scrypt$abc");
    expect(text).not.toContain("abc123456");
    expect(text).not.toContain("whsec_abcdefghijklmnop");
    const lines = capture.lines();
    expect(lines[0]).toMatchObject({ email: "a@b.test", password: "[redacted]", user: { passwordHash: "[redacted]", apiToken: "[redacted]" } });
    expect(lines[1]).toMatchObject({ headers: { authorization: "[redacted]", cookie: "[redacted]", "content-type": "application/json" } });
    expect(lines[2]?.msg).toBe("card [card] paid");
    expect(lines[3]?.url).toBe("postgresql://app:[redacted]@db.internal:5432/shop");
    expect(lines[4]?.err).toMatchObject({ type: "Error" });
    expect(String((lines[4]?.err as { stack?: string }).stack)).toContain("logger.test.ts");
  });

  it("keep an AppError's code", () => {
    capture = captureLogs("info");
    getLogger().info({ err: new AppError("INSUFFICIENT_STOCK", "Only 1 left.", { available: 1 }) }, "refused");
    expect(capture.lines()[0]?.err).toMatchObject({ type: "AppError", code: "INSUFFICIENT_STOCK", message: "Only 1 left." });
  });
});

describe("scrubString", () => {
  it("masks admin API tokens whatever their base64url characters", () => {
    expect(scrubString("used shop_Ab-_9xYz0123456789abcdefGHIJKLMN-_ today")).toBe("used shop_[redacted] today");
  });

  it("leaves ordinary text alone", () => {
    const s = "Order 1042 for 2 × TEE-S, total 4000 cents, at 2026-11-21T19:00:00.000Z (id cm3x9a0b10000abcd)";
    expect(scrubString(s)).toBe(s);
  });

  it("masks only digit runs that are card numbers", () => {
    expect(isLuhnValid("4242424242424242")).toBe(true);
    expect(isLuhnValid("4242424242424241")).toBe(false);
    expect(scrubString("pan 4000-0566-5566-5556 ref 1234567890123")).toBe("pan [card] ref 1234567890123");
  });
});

describe("request ids and levels", () => {
  it("keeps a sane incoming x-request-id and replaces anything else", () => {
    expect(requestIdFrom("abc-123_DEF.456")).toBe("abc-123_DEF.456");
    expect(requestIdFrom(null)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom("bad id\n{\"level\":\"fatal\"}")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom("x".repeat(129))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("takes the level from LOG_LEVEL; unset, info (silent in tests)", () => {
    expect(resolveLogLevel({ LOG_LEVEL: "debug", NODE_ENV: "production" })).toBe("debug");
    expect(resolveLogLevel({ LOG_LEVEL: undefined, NODE_ENV: "production" })).toBe("info");
    expect(resolveLogLevel({ LOG_LEVEL: undefined, NODE_ENV: "test" })).toBe("silent");
  });
});
