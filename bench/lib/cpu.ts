// CPU time spent per hold, by the app server and by PostgreSQL's backends, read from /proc (Linux).
// Throughput on a shared machine is noisy; CPU per hold is much less so, and it is what decides
// how many holds a core can serve.
import { readFileSync } from "node:fs";
import type pg from "pg";

const TICK_MS = 10; // CLK_TCK = 100 on Linux

/** User + system CPU of a process in ms (0 if it is gone). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The backend processes of every client connection to `database` (PostgreSQL on this machine). */
export async function backendPids(admin: pg.Pool, database: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    [database],
  );
  return rows.map((r) => r.pid);
}

export type CpuMeter = { stop: (units: number) => Promise<{ appCpuMsPerHold: number; dbCpuMsPerHold: number }> };

/**
 * Starts counting CPU: the app (a server pid, or this process when none is given) and every
 * backend connected to `database` now or by the end (a backend that both starts and ends in
 * between is missed, so pools should be warm before measuring).
 */
export async function startCpuMeter(admin: pg.Pool, database: string, appPid?: number): Promise<CpuMeter> {
  const before = new Map<number, number>();
  for (const pid of await backendPids(admin, database)) before.set(pid, processCpuMs(pid));
  const app0 = appPid ? processCpuMs(appPid) : process.cpuUsage();
  return {
    stop: async (units: number) => {
      let db = 0;
      for (const pid of await backendPids(admin, database)) db += processCpuMs(pid) - (before.get(pid) ?? 0);
      let app: number;
      if (appPid) app = processCpuMs(appPid) - (app0 as number);
      else {
        const d = process.cpuUsage(app0 as NodeJS.CpuUsage);
        app = (d.user + d.system) / 1000;
      }
      const per = (v: number) => (units > 0 ? Math.round((v / units) * 1000) / 1000 : Number.NaN);
      return { appCpuMsPerHold: per(app), dbCpuMsPerHold: per(db) };
    },
  };
}
