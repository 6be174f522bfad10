// The app's one public origin: APP_URL, else Vercel's production domain, else (a local run) the
// Host the browser used; never X-Forwarded-Host / X-Forwarded-Proto, which any client can write.
// The links the jobs and the waitlist mail build follow the same rule.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import type { Db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { configuredOrigin, originWithoutRequest, publicOriginOf } from "@/lib/http/origin";
import { mailOriginOf, waitlistMailDeps } from "@/lib/http/waitlist-mail";
import { createJobDeps } from "@/lib/jobs/create-job-deps";
import type { LockPool } from "@/lib/jobs/run-job";

const local = { NODE_ENV: "development" as const, APP_URL: undefined, APP_URL_FROM_HOST: true, VERCEL_PROJECT_PRODUCTION_URL: undefined, PORT: 3999 };
const headers = (h: Record<string, string>) => new Headers(h);

describe("configuredOrigin", () => {
  it("is APP_URL's origin, else https:// Vercel's production domain, else null", () => {
    expect(configuredOrigin({ ...local, APP_URL: "https://shop.example.com/some/path" })).toBe("https://shop.example.com");
    expect(configuredOrigin({ ...local, VERCEL_PROJECT_PRODUCTION_URL: "shop.vercel.app" })).toBe("https://shop.vercel.app");
    expect(configuredOrigin({ ...local, APP_URL: "https://a.example", VERCEL_PROJECT_PRODUCTION_URL: "b.vercel.app" })).toBe("https://a.example");
    expect(configuredOrigin(local)).toBeNull();
  });
});

describe("publicOriginOf", () => {
  it("in a local run, is the Host the browser used and ignores X-Forwarded-Host and -Proto", () => {
    const h = headers({ host: "127.0.0.1:3999", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(publicOriginOf(h, local)).toBe("http://127.0.0.1:3999");
    expect(publicOriginOf(headers({ host: "192.168.1.20:3999" }), local)).toBe("http://192.168.1.20:3999");
    expect(publicOriginOf(headers({ host: "LocalHost:3999" }), local)).toBe("http://localhost:3999");
  });
  it("falls back to localhost:<PORT> when the Host is missing or malformed", () => {
    expect(publicOriginOf(headers({}), local)).toBe("http://localhost:3999");
    expect(publicOriginOf(headers({ host: "evil.example/@x" }), local)).toBe("http://localhost:3999");
  });
  it("is the configured origin whatever the request's headers say", () => {
    const h = headers({ host: "attacker.example", "x-forwarded-host": "attacker.example", "x-forwarded-proto": "http" });
    expect(publicOriginOf(h, { ...local, APP_URL: "https://shop.example.com" })).toBe("https://shop.example.com");
    expect(publicOriginOf(h, { ...local, VERCEL_PROJECT_PRODUCTION_URL: "shop.vercel.app" })).toBe("https://shop.vercel.app");
  });
});

describe("originWithoutRequest", () => {
  it("is the configured origin, else this server at localhost:<PORT>", () => {
    expect(originWithoutRequest({ ...local, APP_URL: "https://shop.example.com/" })).toBe("https://shop.example.com");
    expect(originWithoutRequest({ ...local, VERCEL_PROJECT_PRODUCTION_URL: "shop.vercel.app" })).toBe("https://shop.vercel.app");
    expect(originWithoutRequest(local)).toBe("http://localhost:3999");
    expect(originWithoutRequest({ ...local, PORT: undefined })).toBe("http://localhost:3000");
  });
});

describe("links in the jobs' and the waitlist's mail", () => {
  const saved = { ...process.env };
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    for (const k of ["APP_URL", "AUTH_URL", "VERCEL_PROJECT_PRODUCTION_URL", "APP_URL_FROM_HOST", "PORT", "PAYMENT_PROVIDER"]) delete process.env[k];
    for (const [k, v] of Object.entries(vars)) if (v !== undefined) process.env[k] = v;
    resetEnvForTests();
  };
  beforeEach(() => setEnv({}));
  afterEach(() => {
    setEnv({});
    Object.assign(process.env, saved);
    resetEnvForTests();
  });
  const jobLinks = () => createJobDeps({ db: {} as Db, now: new Date(), pool: {} as LockPool }).waitlistMail?.appUrl;

  it("the jobs use Vercel's production domain when APP_URL is unset (not AUTH_URL or localhost)", () => {
    setEnv({ VERCEL_PROJECT_PRODUCTION_URL: "shop.vercel.app", AUTH_URL: "http://internal.example:8080" });
    expect(jobLinks()).toBe("https://shop.vercel.app");
  });
  it("the jobs use APP_URL's origin, else this server's port at localhost", () => {
    setEnv({ APP_URL: "https://shop.example.com/" });
    expect(jobLinks()).toBe("https://shop.example.com");
    setEnv({ PORT: "4123" });
    expect(jobLinks()).toBe("http://localhost:4123");
  });
  it("the waitlist mail sent after a request links to the Host the browser used, not req.url nor X-Forwarded-*", () => {
    setEnv({ APP_URL_FROM_HOST: "1" });
    // next start builds req.url from its bind host and the client's X-Forwarded-Proto.
    const req = new Request("https://localhost:3999/api/stores/demo/cart/items", {
      method: "POST",
      headers: { host: "127.0.0.1:3999", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" },
    });
    expect(mailOriginOf(req)).toBe("http://127.0.0.1:3999");
    setEnv({ APP_URL: "https://shop.example.com" });
    expect(mailOriginOf(req)).toBe("https://shop.example.com");
  });
  it("the waitlist mail's deps use the given origin, else the configured one (not AUTH_URL)", () => {
    // getDb() builds a lazy pool here and never connects.
    setEnv({ VERCEL_PROJECT_PRODUCTION_URL: "shop.vercel.app", AUTH_URL: "http://internal.example:8080", DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
    expect(waitlistMailDeps(null).appUrl).toBe("https://shop.vercel.app");
    expect(waitlistMailDeps("http://127.0.0.1:3999").appUrl).toBe("http://127.0.0.1:3999");
  });
});
