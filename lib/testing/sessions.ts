// Two (or more) database sessions for tests that force an interleaving: one session opens a
// transaction and takes a lock, another runs an engine call that must wait (or must not), and the
// test decides when the first commits. `waitUntilBlocked` polls pg_stat_activity for a lock wait.
import pg from "pg";

export type Session = {
  client: pg.Client;
  pid: number;
  query: <R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>;
  close: () => Promise<void>;
};

/**
 * A session on one server connection. Pass a direct URL (TestDb.directUrl): through a
 * transaction-mode pooler each statement outside a transaction may run on another server
 * connection, so the pid read here would not be the backend that later waits.
 */
export async function openSession(url: string): Promise<Session> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return {
    client,
    pid: rows[0]!.pid,
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    close: () => client.end().catch(() => {}),
  };
}

/** Resolves once the session `pid` waits on a lock (a row, a unique index entry, an advisory lock). */
export async function waitUntilBlocked(observer: Session, pid: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await observer.query<{ waiting: boolean }>(
      `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
      [pid],
    );
    if (rows[0]?.waiting) return;
    if (Date.now() > deadline) throw new Error(`session ${pid} never waited on a lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Resolves "blocked" once the session waits on a lock, or "done" when `call` settles first (the
 * engine did not wait: a test then says whether that was right).
 */
export async function blockedOrDone(observer: Session, pid: number, call: Promise<unknown>, timeoutMs = 5000): Promise<"blocked" | "done"> {
  let settled = false;
  void call.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (settled) return "done";
    const rows = await observer.query<{ waiting: boolean }>(`SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`, [pid]);
    if (rows[0]?.waiting) return "blocked";
    if (Date.now() > deadline) throw new Error(`session ${pid} neither waited nor finished`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
