// `npm run ops -- …` as an operator runs it: a real process (tsx scripts/ops.ts …) against the given
// database, answering its exit status (0 ok / 1 failed / 2 usage) and what it printed.
import { execFile } from "node:child_process";

export type OpsRun = { code: number; stdout: string; stderr: string };

export function runOps(databaseUrl: string, ...args: string[]): Promise<OpsRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/ops.ts", ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "test" }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
