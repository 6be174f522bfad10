// Secrets stay on the server: a production server with a missing AUTH_SECRET or a short
// CRON_SECRET refuses to start and says why (lib/env.ts, called from instrumentation.ts), and
// the client bundle of the build under test carries no server secret, connection string or
// server-only code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_AUTH_SECRET, E2E_CRON_SECRET, E2E_DATABASE_URL } from "../support/e2e-env.mjs";
import { startAltServer } from "./security-fixtures";

test.describe("environment validated at start", () => {
  test("no AUTH_SECRET and a short CRON_SECRET: the server exits 1, naming both", async () => {
    const server = await startAltServer({ AUTH_SECRET: undefined, CRON_SECRET: "too-short" }, { expectExit: true });
    expect(server.exitCode).toBe(1);
    const logs = server.logs();
    expect(logs).toContain("The server refuses to start");
    expect(logs).toContain("AUTH_SECRET is required in production");
    expect(logs).toContain("CRON_SECRET must be at least 16 characters in production");
  });

  test("a malformed setting is named too (RATE_LIMIT_CART_PER_IP=lots)", async () => {
    const server = await startAltServer({ RATE_LIMIT_CART_PER_IP: "lots" }, { expectExit: true });
    expect(server.exitCode).toBe(1);
    expect(server.logs()).toMatch(/refuses to start[\s\S]*RATE_LIMIT_CART_PER_IP/);
  });

  test("with valid settings the same build starts and answers", async () => {
    const server = await startAltServer({});
    try {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

test("the client bundle holds no server secret, connection string or server-only code", () => {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  const staticDir = path.join(process.cwd(), distDir, "static");
  const files = filesUnder(staticDir).filter((f) => /\.(js|mjs|css|map|json|txt|html)$/.test(f));
  const scripts = files.filter((f) => f.endsWith(".js"));
  // The scan must have something to scan: a real build's client chunks.
  expect(scripts.length).toBeGreaterThan(5);
  const totalBytes = scripts.reduce((n, f) => n + statSync(f).size, 0);
  expect(totalBytes).toBeGreaterThan(100_000);

  // Secret values: the suite's own, the server-side development fallbacks, and any secret-looking
  // variable of this process's environment (CI's, present when the build ran).
  const secretValues = new Set<string>([E2E_AUTH_SECRET, E2E_CRON_SECRET, E2E_DATABASE_URL, "dev-only-auth-secret-do-not-use-in-production", "development-only-sandbox-secret"]);
  for (const [k, v] of Object.entries(process.env)) {
    if (v && v.length >= 12 && /SECRET|PASSWORD|TOKEN|DATABASE_URL|PRIVATE|API_KEY/i.test(k) && !/^npm_/.test(k)) secretValues.add(v);
  }
  // Markers of server-side code or configuration that must never ship to browsers.
  const markers: (string | RegExp)[] = [
    /postgres(ql)?:\/\/[^"'`\s]*@/i,
    "AUTH_SECRET",
    "CRON_SECRET",
    "DATABASE_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "SANDBOX_WEBHOOK_SECRET",
    /\bsk_(live|test)_[A-Za-z0-9]{8,}/,
    /\bwhsec_[A-Za-z0-9]{8,}/,
    "passwordHash",
    "tokenHash",
    "$queryRaw",
    "cart_set_line",
    "inv_adjust",
    "scryptSync",
  ];

  const hits: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const rel = path.relative(process.cwd(), file);
    for (const s of secretValues) if (text.includes(s)) hits.push(`${rel}: a secret value (${s.slice(0, 4)}…)`);
    for (const m of markers) {
      const found = typeof m === "string" ? text.includes(m) : m.test(text);
      if (found) hits.push(`${rel}: ${String(m)}`);
    }
  }
  expect(hits).toEqual([]);
});
