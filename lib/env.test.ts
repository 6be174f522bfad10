// The environment is validated once, at start: production refuses to run without AUTH_SECRET or
// with a short CRON_SECRET, and says so; the rate-limit and CSRF settings parse with their defaults.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkEnvAtStartup, embeddedDatabaseUrlFile, getEnv, inProcessJobs, readEmbeddedDatabaseUrl, resetEnvForTests } from "@/lib/env";

const saved = { ...process.env };

function setEnv(vars: Record<string, string | undefined>) {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  for (const k of ["AUTH_SECRET", "CRON_SECRET", "NEXT_PHASE", "PAYMENT_PROVIDER", "CSRF_TRUSTED_ORIGINS"]) delete process.env[k];
  for (const k of Object.keys(process.env)) if (k.startsWith("RATE_LIMIT_")) delete process.env[k];
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

const GOOD_AUTH = "a".repeat(32);

beforeEach(() => setEnv({}));
afterEach(() => {
  setEnv({});
  Object.assign(process.env, saved);
  resetEnvForTests();
});

describe("getEnv in production", () => {
  it("refuses a missing AUTH_SECRET, naming it", () => {
    setEnv({ NODE_ENV: "production", CRON_SECRET: "c".repeat(32) });
    expect(() => getEnv()).toThrow(/AUTH_SECRET is required in production/);
  });

  it("refuses a CRON_SECRET shorter than 16 characters, naming it", () => {
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH, CRON_SECRET: "short" });
    expect(() => getEnv()).toThrow(/CRON_SECRET must be at least 16 characters/);
  });

  it("refuses an AUTH_SECRET too short to be a secret", () => {
    setEnv({ NODE_ENV: "production", AUTH_SECRET: "tiny" });
    expect(() => getEnv()).toThrow(/AUTH_SECRET/);
  });

  it("refuses Stripe without its keys", () => {
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH, PAYMENT_PROVIDER: "stripe" });
    expect(() => getEnv()).toThrow(/STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/);
  });

  it("accepts good secrets (and no CRON_SECRET: the cron routes then refuse every call)", () => {
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH, CRON_SECRET: "c".repeat(16) });
    expect(getEnv().CRON_SECRET).toBe("c".repeat(16));
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH });
    expect(getEnv().CRON_SECRET).toBeUndefined();
  });

  it("does not demand runtime secrets while `next build` runs", () => {
    setEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" });
    expect(getEnv().NODE_ENV).toBe("production");
  });
});

describe("getEnv outside production", () => {
  it("runs without secrets in development and tests", () => {
    setEnv({ NODE_ENV: "development" });
    expect(getEnv().AUTH_SECRET).toBeUndefined();
  });
});

describe("jobs schedule", () => {
  it("runs jobs in-process only when asked, and never on Vercel", () => {
    setEnv({ NODE_ENV: "development", JOBS_SCHEDULE: undefined, VERCEL: undefined });
    expect(inProcessJobs(getEnv())).toBe(false);
    expect(getEnv().JOBS_INTERVAL_SECONDS).toBe(300);
    setEnv({ NODE_ENV: "development", JOBS_SCHEDULE: "in-process", VERCEL: undefined });
    expect(inProcessJobs(getEnv())).toBe(true);
    setEnv({ NODE_ENV: "development", JOBS_SCHEDULE: "in-process", VERCEL: "1" });
    expect(inProcessJobs(getEnv())).toBe(false);
    setEnv({ NODE_ENV: "development", JOBS_INTERVAL_SECONDS: "0" });
    expect(() => getEnv()).toThrow(/JOBS_INTERVAL_SECONDS/);
  });

  it("accepts only smtp(s) URLs for SMTP_URL", () => {
    setEnv({ NODE_ENV: "development", SMTP_URL: "http://mail.example.com" });
    expect(() => getEnv()).toThrow(/SMTP_URL/);
    setEnv({ NODE_ENV: "development", SMTP_URL: "smtp://u:p@127.0.0.1:2525" });
    expect(getEnv().SMTP_URL).toBe("smtp://u:p@127.0.0.1:2525");
  });
});

describe("the embedded database's URL file", () => {
  it("is used when DATABASE_URL is unset and its launcher runs; a stale file is ignored", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "env-url-"));
    try {
      const dataDir = path.join(dir, "pglite");
      expect(embeddedDatabaseUrlFile(dataDir)).toBe(path.join(dir, "database-url"));
      expect(readEmbeddedDatabaseUrl(dataDir)).toBeUndefined();
      writeFileSync(path.join(dir, "database-url"), `postgresql://postgres@127.0.0.1:5999/postgres\npid=${process.pid}\n`);
      expect(readEmbeddedDatabaseUrl(dataDir)).toBe("postgresql://postgres@127.0.0.1:5999/postgres");
      setEnv({ NODE_ENV: "development", DATABASE_URL: undefined, PGLITE_DATA_DIR: dataDir });
      expect(getEnv().DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5999/postgres");
      setEnv({ NODE_ENV: "development", DATABASE_URL: "postgresql://elsewhere/db", PGLITE_DATA_DIR: dataDir });
      expect(getEnv().DATABASE_URL).toBe("postgresql://elsewhere/db");
      writeFileSync(path.join(dir, "database-url"), "postgresql://postgres@127.0.0.1:5999/postgres\npid=999999999\n");
      expect(readEmbeddedDatabaseUrl(dataDir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("rate-limit and CSRF settings", () => {
  it("have generous defaults", () => {
    setEnv({ NODE_ENV: "test" });
    expect(getEnv()).toMatchObject({
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_CART_PER_CART: 60,
      RATE_LIMIT_CART_PER_IP: 1200,
      RATE_LIMIT_SIGNIN_PER_ACCOUNT: 30,
      RATE_LIMIT_SIGNIN_PER_IP: 60,
      RATE_LIMIT_SIGNUP_PER_IP: 20,
      CSRF_TRUSTED_ORIGINS: [],
    });
  });

  it("are configurable, 0 switching a limit off", () => {
    setEnv({ NODE_ENV: "test", RATE_LIMIT_CART_PER_IP: "0", RATE_LIMIT_SIGNIN_PER_ACCOUNT: "3", RATE_LIMIT_WINDOW_SECONDS: "900" });
    expect(getEnv()).toMatchObject({ RATE_LIMIT_CART_PER_IP: 0, RATE_LIMIT_SIGNIN_PER_ACCOUNT: 3, RATE_LIMIT_WINDOW_SECONDS: 900 });
  });

  it("refuse nonsense", () => {
    setEnv({ NODE_ENV: "test", RATE_LIMIT_CART_PER_CART: "-1" });
    expect(() => getEnv()).toThrow(/RATE_LIMIT_CART_PER_CART/);
    setEnv({ NODE_ENV: "test", RATE_LIMIT_WINDOW_SECONDS: "soon" });
    expect(() => getEnv()).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
  });

  it("parse CSRF_TRUSTED_ORIGINS as a comma-separated list of URLs", () => {
    setEnv({ NODE_ENV: "test", CSRF_TRUSTED_ORIGINS: "https://shop.example, https://admin.example" });
    expect(getEnv().CSRF_TRUSTED_ORIGINS).toEqual(["https://shop.example", "https://admin.example"]);
    setEnv({ NODE_ENV: "test", CSRF_TRUSTED_ORIGINS: "not a url" });
    expect(() => getEnv()).toThrow(/CSRF_TRUSTED_ORIGINS/);
  });
});

describe("checkEnvAtStartup", () => {
  it("prints what is wrong and exits with status 1", () => {
    setEnv({ NODE_ENV: "production", CRON_SECRET: "short" });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const exit = vi.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    expect(() => checkEnvAtStartup(exit)).toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    expect(printed).toMatch(/refuses to start/);
    expect(printed).toMatch(/AUTH_SECRET is required in production/);
    expect(printed).toMatch(/CRON_SECRET must be at least 16 characters/);
    log.mockRestore();
  });

  it("refuses a production server without APP_URL (unless the platform gives the origin)", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH });
    const exit = vi.fn((): never => {
      throw new Error("exited");
    });
    expect(() => checkEnvAtStartup(exit)).toThrow("exited");
    expect(String(log.mock.calls[0]?.[0])).toMatch(/APP_URL is required in production/);
    log.mockRestore();
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH, VERCEL_PROJECT_PRODUCTION_URL: "shop.example.com" });
    expect(checkEnvAtStartup(exit).VERCEL_PROJECT_PRODUCTION_URL).toBe("shop.example.com");
  });

  it("returns the parsed env when it is valid", () => {
    setEnv({ NODE_ENV: "production", AUTH_SECRET: GOOD_AUTH, APP_URL: "https://shop.example.com" });
    const exit = vi.fn((): never => {
      throw new Error("should not exit");
    });
    expect(checkEnvAtStartup(exit).AUTH_SECRET).toBe(GOOD_AUTH);
  });
});
