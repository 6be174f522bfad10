// Job processes for fault tests: the ops CLI or the clock-shifted runner, in a process group of
// their own so a test can SIGKILL one mid-batch. Each connects under an application_name of its
// own (PGAPPNAME), so a test can wait for its server processes to end after a kill.
import { spawn, type ChildProcess } from "node:child_process";
import { FAULTS_AUTH_SECRET, FAULTS_WEBHOOK_SECRET } from "./app";

export type JobProcess = { child: ChildProcess; applicationName: string; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>; kill9(): void };

let jobs = 0;

/** `args` after `tsx`, e.g. ["scripts/ops.ts", "cleanup", "--json"]. */
export function spawnJob(args: string[], databaseUrl: string): JobProcess {
  const applicationName = `faults-job-${process.pid}-${++jobs}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: FAULTS_AUTH_SECRET,
    SANDBOX_WEBHOOK_SECRET: FAULTS_WEBHOOK_SECRET,
    PAYMENT_PROVIDER: "sandbox",
    LOG_LEVEL: "warn",
    PGAPPNAME: applicationName,
  });
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", ...args], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    applicationName,
    done,
    kill9() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
  };
}

/** The last JSON object a job printed on stdout. */
export function lastJson(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split("\n").reverse().find((l) => l.trim().startsWith("{"));
  if (!line) throw new Error(`no JSON in the job's output:\n${stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}
