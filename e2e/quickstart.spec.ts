// The README's first command, as written (`npm run quickstart`), on a machine with no PostgreSQL
// configured: it must serve the shop on the embedded database, take a hold, run its jobs itself,
// let every README command run beside it (`npm run ops -- health | cleanup --dry-run | reconcile`,
// `npm run db:seed`: they find the database's URL by themselves), and stop cleanly when the npm
// process alone gets SIGTERM. To stay fast it starts as a second start would: the install and
// build stamps say nothing changed since the last install and build (the test writes them for the
// tree as it is: CI builds right before), so the quickstart must skip both by itself; everything
// else — PGlite in a fresh data folder, migrations, seed, secrets, next start — runs for real.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildStamp, installStamp, stampFiles, writeStamp } from "../scripts/quickstart-stamps.mjs";

// A second checkout running its own suite alongside picks other ports.
const APP_PORT = Number(process.env.QUICKSTART_TEST_APP_PORT ?? 3141);
const PG_PORT = Number(process.env.QUICKSTART_TEST_PG_PORT ?? 5436);
const BASE = `http://127.0.0.1:${APP_PORT}`;
const MARK = `quickstart-${randomBytes(6).toString("hex")}`;

let dir = "";
let proc: ChildProcess | undefined;
let output = "";

/** Processes (ours: any user's /proc is readable for our own) that inherited this run's marker. */
function markedProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").includes(`QUICKSTART_TEST_MARK=${MARK}`)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").trim()}`);
      }
    } catch {
      /* gone, or not ours */
    }
  }
  return found;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

test.describe("quickstart", () => {
  test.setTimeout(360_000);

  test.beforeAll(async () => {
    for (const port of [APP_PORT, PG_PORT]) {
      if (await isListening(port)) throw new Error(`port ${port} is busy: the quickstart test needs it free`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), "holdfast-quickstart-"));
  });

  test.afterAll(async () => {
    // Only if the test failed half-way: never leave anything running.
    if (proc?.pid && proc.exitCode === null && proc.signalCode === null) {
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    for (const line of markedProcesses()) process.kill(Number(line.split(" ")[0]), "SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("`npm run quickstart` serves the shop on the embedded database, runs the README commands beside it and stops on SIGTERM", async ({ request }) => {
    const { NODE_ENV: _nodeEnv, QUICKSTART_SKIP_INSTALL: _i, QUICKSTART_SKIP_BUILD: _b, ...inherited } = process.env; // next start sets its own
    const stampDir = path.join(dir, "stamps");
    mkdirSync(stampDir);
    const stamps = stampFiles(process.cwd(), process.env.NEXT_DIST_DIR ?? ".next", stampDir);
    writeStamp(stamps.install, installStamp());
    writeStamp(stamps.build, buildStamp());
    const env: Record<string, string | undefined> = {
      ...inherited,
      // "No PostgreSQL configured": empty values also shadow any .env file in the working tree.
      DATABASE_URL: "",
      AUTH_SECRET: "",
      CRON_SECRET: "",
      PORT: String(APP_PORT),
      PGLITE_PORT: String(PG_PORT),
      PGLITE_DATA_DIR: path.join(dir, "pglite"),
      QUICKSTART_STAMP_DIR: stampDir,
      QUICKSTART_TEST_MARK: MARK,
    };
    const child = spawn("npm", ["run", "quickstart"], { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    proc = child;
    child.stdout?.on("data", (b) => (output += b));
    child.stderr?.on("data", (b) => (output += b));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

    // First run: creates the database, migrates, seeds, starts. A busy 2-core machine needs a while.
    const deadline = Date.now() + 300_000;
    let health = 0;
    while (health !== 200) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`quickstart exited early (${child.exitCode ?? child.signalCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`quickstart did not answer /api/health within 300 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 1000));
      health = (await request.get(`${BASE}/api/health`, { timeout: 5000 }).catch(() => null))?.status() ?? 0;
    }
    expect(output).toContain("install skipped (package-lock.json unchanged");
    expect(output).toContain("build skipped (sources unchanged");
    expect(output).toContain("listening on 127.0.0.1:" + PG_PORT); // really the embedded database
    const url = `postgresql://postgres:postgres@127.0.0.1:${PG_PORT}/postgres`;
    expect(output).toContain(`database URL: ${url}`); // printed
    expect(readFileSync(path.join(dir, "database-url"), "utf8")).toContain(url); // and written down
    expect(output).toContain("admin@demo.test"); // the demo logins are printed
    expect(existsSync(path.join(dir, "auth-secret"))).toBe(true);

    const home = await request.get(`${BASE}/`, { maxRedirects: 5 });
    expect(home.status()).toBe(200);
    expect(await home.text()).toContain("<html");

    const products = await request.get(`${BASE}/api/stores/demo/products?limit=50`);
    expect(products.status()).toBe(200);
    type Listed = { items: { variants: { id: string; state: string; available: number }[] }[] };
    const variant = ((await products.json()) as Listed).items.flatMap((p) => p.variants).find((v) => v.state === "in_stock" && v.available > 1);
    expect(variant, "a seeded variant in stock").toBeTruthy();
    const hold = await request.post(`${BASE}/api/stores/demo/cart/items`, { data: { variantId: variant!.id, quantity: 1 } });
    expect(hold.status(), await hold.text()).toBe(200);
    const { cart } = (await hold.json()) as { cart: { lines: { variantId: string; held: number }[] } };
    expect(cart.lines).toEqual([expect.objectContaining({ variantId: variant!.id, held: 1 })]);

    // The jobs need two connections at once (the run's lock, then its work): the embedded database
    // must serve them. The launcher keeps the generated CRON_SECRET beside the data folder.
    const cronSecret = readFileSync(path.join(dir, "cron-secret"), "utf8").trim();
    const cleanup = await request.get(`${BASE}/api/cron/cleanup`, { headers: { Authorization: `Bearer ${cronSecret}` } });
    expect(cleanup.status(), await cleanup.text()).toBe(200);
    expect(await cleanup.json()).toMatchObject({ job: "cleanup" });

    // The README's commands, as written, in another terminal (same folder, no DATABASE_URL; the
    // data folder is the test's own, so PGLITE_DATA_DIR says where, as it would for anyone using it).
    const besides = { ...inherited, DATABASE_URL: "", PGLITE_DATA_DIR: path.join(dir, "pglite") } as unknown as NodeJS.ProcessEnv;
    const run = (args: string[]) => {
      const r = spawnSync("npm", ["run", "--silent", ...args], { env: besides, encoding: "utf8", timeout: 120_000 });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };
    // A fresh install is not red: the jobs run in-process (or are "not yet run" until they do).
    const first = run(["ops", "--", "health", "--json"]);
    expect(first.code, first.out).toBe(0);
    expect(JSON.parse(first.out.trim().split("\n").pop()!)).toMatchObject({ ok: true });
    expect(JSON.parse(first.out.trim().split("\n").pop()!).status).not.toBe("failing");
    for (const args of [["ops", "--", "cleanup", "--dry-run", "--verbose"], ["ops", "--", "reconcile"], ["db:seed"]]) {
      const r = run(args);
      expect(r.code, `${args.join(" ")}:\n${r.out}`).toBe(0);
    }
    // The in-process scheduler has run both jobs by itself (first tick ~10 s after start).
    type HealthJson = { jobs: { job: string; lastRun: { status: string } | null }[] };
    await expect
      .poll(
        () => {
          const r = run(["ops", "--", "health", "--json"]);
          const h = JSON.parse(r.out.trim().split("\n").pop() ?? "{}") as HealthJson;
          return (h.jobs ?? []).map((j) => `${j.job}:${j.lastRun?.status ?? "none"}`);
        },
        { timeout: 60_000, intervals: [2000] },
      )
      .toEqual(["cleanup:OK", "payment-sync:OK"]);

    // SIGTERM to the npm process alone (a service manager, `kill <pid>`): everything stops.
    process.kill(child.pid!, "SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
    expect(code, output).not.toBe("timeout");
    await expect.poll(() => markedProcesses(), { timeout: 15_000 }).toEqual([]);
    expect(await isListening(APP_PORT)).toBe(false);
    expect(await isListening(PG_PORT)).toBe(false);
    expect(existsSync(path.join(dir, "pglite.pid")), "the data folder's lock is released").toBe(false);
    expect(existsSync(path.join(dir, "database-url")), "the URL file is gone with the database").toBe(false);
    // With the quickstart stopped, the commands say what to do instead of failing obscurely.
    const after = run(["ops", "--", "health"]);
    expect(after.code).toBe(2);
    expect(after.out).toContain("no embedded database is running");
  });
});
