// Starts the built app (`next start`, production) against a database of our own, in its own
// process group so a test can SIGKILL it like a crashed host; samples its memory for the soak.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const FAULTS_AUTH_SECRET = "faults-auth-secret-0123456789abcdef0123456789";
export const FAULTS_CRON_SECRET = "faults-cron-secret-0123456789abcdef";
export const FAULTS_WEBHOOK_SECRET = "faults-sandbox-webhook-secret-0123456789";

/** The build under test: FAULTS_DIST_DIR, else NEXT_DIST_DIR, else .next (it must exist). */
export function distDir(): string {
  const dir = process.env.FAULTS_DIST_DIR ?? process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(process.cwd(), dir, "BUILD_ID"))) {
    throw new Error(`No production build in ${dir}/ (run \`next build\` first, or set FAULTS_DIST_DIR / NEXT_DIST_DIR).`);
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      const port = typeof a === "object" && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type App = {
  url: string;
  port: number;
  child: ChildProcess;
  logs(): string;
  /** How the process ended (null while it runs): a test can tell a crash it caused from one it did not. */
  exitInfo(): AppExit | null;
  /** Resident memory of the app's process tree, in MiB. */
  rssMiB(): number;
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>;
  /** SIGKILL to the whole process group: a crash, no shutdown hooks. */
  kill9(): Promise<void>;
};

export type AppExit = { code: number | null; signal: NodeJS.Signals | null; at: number };

export type StartAppOptions = { databaseUrl: string; port?: number; env?: Record<string, string> };

export async function startApp(options: StartAppOptions): Promise<App> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir(),
    DATABASE_URL: options.databaseUrl,
    AUTH_SECRET: FAULTS_AUTH_SECRET,
    AUTH_URL: url,
    APP_URL: url,
    CRON_SECRET: FAULTS_CRON_SECRET,
    SANDBOX_WEBHOOK_SECRET: FAULTS_WEBHOOK_SECRET,
    PAYMENT_PROVIDER: "sandbox",
    LOG_LEVEL: "warn",
    ...options.env,
  });
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exit: AppExit | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal, at: Date.now() };
      keep(Buffer.from(`\n[faults] next start (pid ${child.pid}) exited: code ${code}, signal ${signal}, at ${new Date(exit.at).toISOString()}\n`));
      resolve();
    }),
  );
  const signal = async (sig: NodeJS.Signals, waitMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, sig);
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, waitMs))]);
  };
  const app: App = {
    url,
    port,
    child,
    logs: () => out,
    exitInfo: () => exit,
    rssMiB: () => processTreeRssMiB(child.pid!),
    stop: async () => {
      await signal("SIGTERM", 5000);
      await signal("SIGKILL", 5000);
    },
    kill9: async () => {
      await signal("SIGKILL", 5000);
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exit) throw new Error(`next start exited (${child.exitCode ?? child.signalCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      if (res.ok) return app;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`next start did not become healthy within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Sum of VmRSS over a process and its descendants (Linux /proc). */
function processTreeRssMiB(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(name), kb);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return Math.round(total / 1024);
}
