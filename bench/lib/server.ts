// Builds the production app into its own folder (.next-bench) and starts `next start` against the
// bench database, in its own process group so that stopping it never leaves a next-server behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { sleep } from "./stats";

export const DIST_DIR = ".next-bench";
const NEXT_BIN = "node_modules/next/dist/bin/next";

function appEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-bench-secret-bench-secret-0001",
    AUTH_URL: process.env.AUTH_URL ?? "http://127.0.0.1",
    AUTH_TRUST_HOST: "true",
    CRON_SECRET: process.env.CRON_SECRET ?? "bench-cron-secret-0001",
    SANDBOX_WEBHOOK_SECRET: process.env.SANDBOX_WEBHOOK_SECRET ?? "bench-webhook-secret-0001",
    // A local run (links follow the Host used); the shoppers' X-Forwarded-For is written by "one proxy in front".
    APP_URL_FROM_HOST: "1",
    TRUSTED_PROXIES: "1",
    ...extra,
  };
}

export function buildApp(databaseUrl: string): { ok: boolean; seconds: number; output: string } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    env: appEnv(databaseUrl, {}),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  const output = `${r.stdout ?? ""}\n${r.stderr ?? ""}`;
  return { ok: r.status === 0, seconds: (Date.now() - t0) / 1000, output };
}

let builtThisRun = false;

/** Builds once per benchmark run (or reuses an earlier build with --skip-build). */
export function ensureBuild(databaseUrl: string, skipBuild: boolean): { ok: true; seconds: number; reused: boolean } | { ok: false; output: string } {
  if (builtThisRun || (skipBuild && hasBuild())) return { ok: true, seconds: 0, reused: !builtThisRun };
  const b = buildApp(databaseUrl);
  if (!b.ok) return { ok: false, output: b.output };
  builtThisRun = true;
  return { ok: true, seconds: b.seconds, reused: false };
}

export function hasBuild(): boolean {
  return existsSync(`${DIST_DIR}/BUILD_ID`);
}

export type RunningApp = { baseUrl: string; child: ChildProcess; stop: () => Promise<void>; logs: () => string; errorLines: () => number };

export async function startApp(databaseUrl: string, options: { port: number; poolSize: number; env?: Record<string, string> }): Promise<RunningApp> {
  let logs = "";
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    env: appEnv(databaseUrl, { DATABASE_POOL_SIZE: String(options.poolSize), PORT: String(options.port), ...options.env }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The app logs one JSON line per request (lib/observability): kept short here, errors counted.
  let errorLines = 0;
  const keep = (b: Buffer) => {
    const text = b.toString("utf8");
    errorLines += text.match(/"level":"(error|fatal)"/g)?.length ?? 0;
    logs += text;
    if (logs.length > 200_000) logs = logs.slice(-50_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${logs.slice(-4000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${logs.slice(-4000)}`);
    }
    const status = await probe(`${baseUrl}/api/health`);
    if (status > 0) break;
    await sleep(200);
  }
  return { baseUrl, child, stop, logs: () => logs, errorLines: () => errorLines };
}

function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on("error", () => resolve(0));
  });
}
