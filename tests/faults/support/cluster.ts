// A throwaway PostgreSQL cluster of our own (Debian's binaries), so fault tests can stop and
// restart "the database" without touching the shared server every other test uses.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export type Cluster = {
  port: number;
  dir: string;
  /** A connection string for `database` on this cluster. */
  url(database: string): string;
  start(): void;
  /** "fast": sessions terminated, clean shutdown; "immediate": a crash (recovery from WAL at the next start). */
  stop(mode?: "fast" | "immediate"): void;
  /** start() and stop() without blocking the event loop (a load running in this process keeps its own clock). */
  startAsync(): Promise<void>;
  stopAsync(mode?: "fast" | "immediate"): Promise<void>;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(database: string, text: string, params?: unknown[]): Promise<T[]>;
  destroy(): void;
};

/** The newest PostgreSQL bin directory on this machine (PG_BIN overrides). */
export function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error("No PostgreSQL binaries under /usr/lib/postgresql (set PG_BIN).");
  return path.join(root, versions[0], "bin");
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function pgCommand(bin: string, args: string[]): [string, string[]] {
  const exe = path.join(pgBin(), bin);
  return isRoot ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
}

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root (initdb refuses root). */
function runPg(bin: string, args: string[], options: { allowFail?: boolean } = {}): string {
  const [cmd, argv] = pgCommand(bin, args);
  const r = spawnSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0 && !options.allowFail) throw new Error(`${bin} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** runPg without blocking the event loop. */
function runPgAsync(bin: string, args: string[], options: { allowFail?: boolean } = {}): Promise<string> {
  const [cmd, argv] = pgCommand(bin, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0 && !options.allowFail) reject(new Error(`${bin} ${args.join(" ")} failed (${code}):\n${out}`));
      else resolve(out);
    });
  });
}

export function createCluster(port: number): Cluster {
  const dir = mkdtempSync(path.join(tmpdir(), `shop-faults-pg-${port}-`));
  if (isRoot) {
    const uid = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(dir, Number(uid), Number(gid));
  }
  chmodSync(dir, 0o700);
  runPg("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  const cluster = attachCluster(port, dir);
  cluster.start();
  return cluster;
}

/** The cluster in `dir` (made by createCluster, maybe in another process), listening on `port`. */
export function attachCluster(port: number, dir: string): Cluster {
  const data = path.join(dir, "data");
  // fsync off: a crash of PostgreSQL (not of the machine) loses nothing that reached the OS, and
  // tests run fast. What a crash can lose is WAL still in PostgreSQL's own buffers: commits made
  // with synchronous_commit = off in the last 3 × wal_writer_delay (set explicitly: 200 ms).
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off -c wal_writer_delay=200ms`;
  const startArgs = ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "-t", "120", "start"];
  const stopArgs = (mode: string) => ["-D", data, "-m", mode, "-w", "-t", "120", "stop"];
  const cluster: Cluster = {
    port,
    dir,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start: () => void runPg("pg_ctl", startArgs),
    stop: (mode = "fast") => void runPg("pg_ctl", stopArgs(mode), { allowFail: true }),
    startAsync: async () => void (await runPgAsync("pg_ctl", startArgs)),
    stopAsync: async (mode = "fast") => void (await runPgAsync("pg_ctl", stopArgs(mode), { allowFail: true })),
    async query(database, text, params = []) {
      const client = new pg.Client({ connectionString: cluster.url(database) });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    destroy() {
      cluster.stop("immediate");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
