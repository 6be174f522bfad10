// `npx tsx bench/events-hold-cost.ts [--calls N] [--blocks N]`: what the event outbox adds to a hold.
// A paired comparison on one database: blocks of holds (cart_write_line, each by a new guest, one
// unit of one hot item, one client, back to back) alternate between the outbox trigger disabled
// (the engine as before issue 21) and enabled, so both see the same host minute and table sizes.
// The outbox is published between blocks, as the jobs would. Also reports the backend's CPU time
// per hold (from /proc, when PostgreSQL runs on this host), the measure least exposed to a busy host. Prints ms per hold for each and the
// ratio of the medians. Uses BENCH_DB_NAME (default shop_bench_events), dropped and recreated.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({ options: { calls: { type: "string", default: "1500" }, blocks: { type: "string", default: "8" } } });
const CALLS = Number(values.calls);
const BLOCKS = Number(values.blocks);
// Never the main benchmark's database: set before ./lib/database reads it.
if (!process.env.BENCH_DB_NAME) process.env.BENCH_DB_NAME = "shop_bench_events";
const { createBenchDatabase, databaseUrl, BENCH_DB } = await import("./lib/database");

const HOLD_SQL = `SELECT code FROM cart_write_line($1, NULL::text, $2::text, $3, 'add', 1, 99, $4::timestamp(3))`;

async function main() {
  await createBenchDatabase();
  const c = new pg.Client({ connectionString: databaseUrl(BENCH_DB) });
  await c.connect();
  const store = randomUUID();
  const item = randomUUID();
  const product = randomUUID();
  const variant = randomUUID();
  await c.query(`INSERT INTO "Store" (id, slug, name, "updatedAt") VALUES ($1, 'bench-events', 'Bench', now())`, [store]);
  await c.query(`INSERT INTO "InventoryItem" (id, "storeId", sku, stock) VALUES ($1, $2, 'HOT', 10000000)`, [item, store]);
  await c.query(`INSERT INTO "Product" (id, "storeId", slug, title) VALUES ($1, $2, 'hot', 'Hot')`, [product, store]);
  await c.query(`INSERT INTO "Variant" (id, "storeId", "productId", "inventoryItemId", title, "priceCents") VALUES ($1, $2, $3, $4, 'One', 1000)`, [variant, store, product, item]);
  const now = new Date().toISOString();
  // The backend's own CPU time (utime + stime from /proc, when the server is on this host): what a
  // hold costs the database, far less exposed to a busy host than a wall clock.
  const backendPid = (await c.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
  const cpuTicks = (): number | null => {
    const f = `/proc/${backendPid}/stat`;
    if (!existsSync(f)) return null;
    const fields = readFileSync(f, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  };
  const TICK_MS = 10; // USER_HZ = 100 on Linux
  const cpu: { on: number[]; off: number[] } = { on: [], off: [] };
  const block = async (withEvents: boolean): Promise<number> => {
    for (const trigger of ["InventoryItem_event_open", "InventoryItem_event_crossing"]) {
      await c.query(`ALTER TABLE "InventoryItem" ${withEvents ? "ENABLE" : "DISABLE"} TRIGGER "${trigger}"`);
    }
    await c.query(`SELECT event_publish($1::timestamp(3), 10000)`, [now]);
    const started = process.hrtime.bigint();
    const ticks0 = cpuTicks();
    for (let i = 0; i < CALLS; i++) {
      const r = await c.query<{ code: string }>(HOLD_SQL, [store, randomBytes(16).toString("hex"), variant, now]);
      if (r.rows[0]?.code !== "OK") throw new Error(`hold refused: ${r.rows[0]?.code}`);
    }
    const ticks1 = cpuTicks();
    if (ticks0 !== null && ticks1 !== null) cpu[withEvents ? "on" : "off"].push(((ticks1 - ticks0) * TICK_MS) / CALLS);
    return Number(process.hrtime.bigint() - started) / 1e6 / CALLS;
  };
  await block(false); // warm-up (plans, caches)
  await block(true);
  cpu.on.length = 0;
  cpu.off.length = 0;
  const off: number[] = [];
  const on: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    // Alternate which goes first, so neither always follows the other.
    if (b % 2 === 0) {
      off.push(await block(false));
      on.push(await block(true));
    } else {
      on.push(await block(true));
      off.push(await block(false));
    }
  }
  const cpuOn = cpu.on.reduce((a, b) => a + b, 0) / Math.max(1, cpu.on.length);
  const cpuOff = cpu.off.reduce((a, b) => a + b, 0) / Math.max(1, cpu.off.length);
  for (const trigger of ["InventoryItem_event_open", "InventoryItem_event_crossing"]) {
    await c.query(`ALTER TABLE "InventoryItem" ENABLE TRIGGER "${trigger}"`);
  }
  // What the outbox wrote during one block with events: the open inventory.changed rows.
  await c.query(`SELECT event_publish($1::timestamp(3), 10000)`, [now]);
  const before = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event"`)).rows[0]!.n;
  await block(true);
  const written = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event"`)).rows[0]!.n - before;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = off.map((o, i) => on[i]! / o);
  console.log(
    JSON.stringify(
      {
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        callsPerBlock: CALLS,
        blocks: BLOCKS,
        msPerHoldWithout: off.map((x) => +x.toFixed(4)),
        msPerHoldWith: on.map((x) => +x.toFixed(4)),
        medianWithout: +median(off).toFixed(4),
        medianWith: +median(on).toFixed(4),
        ratioOfMedians: +(median(on) / median(off)).toFixed(4),
        medianPairedRatio: +median(ratios).toFixed(4),
        backendCpuMsPerHoldWithout: cpu.off.length ? +cpuOff.toFixed(4) : null,
        backendCpuMsPerHoldWith: cpu.on.length ? +cpuOn.toFixed(4) : null,
        backendCpuRatio: cpu.on.length ? +(cpuOn / cpuOff).toFixed(4) : null,
        eventsWrittenByOneBlockOfHolds: written,
      },
      null,
      2,
    ),
  );
  await c.end();
}

await main();
