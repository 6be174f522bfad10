// The embedded database's connection sharing (scripts/pglite-sessions.mjs): many pooled connections
// on one PGlite session get correct results, transactions stay whole, and a connection that dies
// mid-transaction gives the session back. (Unpatched pglite-socket 0.2.17 fails the first test:
// "bind message supplies 3 parameters, but prepared statement "" requires 1", then hangs.)
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeSessions } from "./pglite-sessions.mjs";

const PORT = 5438;
const url = `postgresql://postgres:postgres@127.0.0.1:${PORT}/postgres`;
let db: PGlite;
let server: PGLiteSocketServer;
let pool: pg.Pool;

beforeAll(async () => {
  db = await PGlite.create();
  server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: PORT, maxConnections: 20 });
  serializeSessions(server);
  await server.start();
  pool = new pg.Pool({ connectionString: url, max: 8 });
  await pool.query("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)");
  await pool.query("INSERT INTO counters SELECT g, 0 FROM generate_series(1, 10) g");
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
  await db?.close();
});

describe("PGlite shared by several connections", () => {
  it("answers 300 concurrent parameterised queries and transactions correctly", async () => {
    let wrong = 0;
    const tasks = Array.from({ length: 300 }, async (_, i) => {
      if (i % 3 === 0) {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          await c.query("UPDATE counters SET n = n + 1 WHERE id = $1", [1 + (i % 10)]);
          const r = await c.query<{ s: string; k: number }>("SELECT $1::text AS s, $2::int AS k", [`t${i}`, i]);
          if (r.rows[0]?.s !== `t${i}` || r.rows[0]?.k !== i) wrong++;
          await c.query("COMMIT");
        } finally {
          c.release();
        }
      } else if (i % 3 === 1) {
        const r = await pool.query<{ k: number }>("SELECT $1::int + 1 AS k", [i]);
        if (r.rows[0]?.k !== i + 1) wrong++;
      } else {
        const r = await pool.query<{ s: string; b: boolean }>("SELECT $1::text || $2::text AS s, $3::bool AS b", [`a${i}`, "b", true]);
        if (r.rows[0]?.s !== `a${i}b` || r.rows[0]?.b !== true) wrong++;
      }
    });
    await Promise.all(tasks);
    expect(wrong).toBe(0);
    const sum = await pool.query<{ s: number }>("SELECT sum(n)::int AS s FROM counters");
    expect(sum.rows[0]?.s).toBe(100);
  }, 120_000);

  it("a connection that dies inside a transaction gives the session back, rolled back", async () => {
    const doomed = new pg.Client({ connectionString: url });
    doomed.on("error", () => {});
    await doomed.connect();
    await doomed.query("BEGIN");
    await doomed.query("UPDATE counters SET n = n + 1000 WHERE id = 1");
    const waiting = pool.query<{ n: number }>("SELECT n FROM counters WHERE id = 1"); // queues behind the transaction
    (doomed as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy();
    const r = await waiting;
    expect(r.rows[0]?.n).toBeLessThan(1000);
    expect((await pool.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
  }, 60_000);
});
