// Engine tuning measured in the bench database only (never a product migration): how a hold
// transaction commits. The function's current definition is read from the database, so the
// variants follow whatever the engine's migrations define.
import type pg from "pg";

export type CommitMode =
  /** cart_set_line as migrated: synchronous commit, like every other transaction. */
  | "as-migrated"
  /** `ALTER FUNCTION cart_set_line SET synchronous_commit = off`: reverted when the function returns, i.e. before COMMIT. */
  | "alter-function"
  /** `set_config('synchronous_commit', 'off', true)` (SET LOCAL) as the function's first statement: lasts until COMMIT. */
  | "set-local";

export async function readFunctionDef(pool: pg.Pool, name: string): Promise<string> {
  const { rows } = await pool.query<{ def: string }>(`SELECT pg_get_functiondef($1::regproc) AS def`, [name]);
  const def = rows[0]?.def;
  if (!def) throw new Error(`no function ${name}`);
  return def;
}

export const SET_LOCAL_LINE = "  PERFORM set_config('synchronous_commit', 'off', true); -- bench: holds commit without waiting for the WAL flush";

export function withSetLocal(def: string): string {
  const i = def.search(/\nBEGIN\s*\n/);
  if (i < 0) throw new Error("cart_set_line: no BEGIN to patch");
  const end = def.indexOf("\n", i + 1);
  return `${def.slice(0, end + 1)}${SET_LOCAL_LINE}\n${def.slice(end + 1)}`;
}

export async function applyCommitMode(pool: pg.Pool, originalDef: string, mode: CommitMode): Promise<void> {
  await pool.query(mode === "set-local" ? withSetLocal(originalDef) : originalDef);
  if (mode === "alter-function") {
    await pool.query(`ALTER FUNCTION cart_set_line SET synchronous_commit = off`);
  }
}

/**
 * The mechanism, checked directly: the value of synchronous_commit that COMMIT would see after a
 * call to cart_set_line in the same transaction (the call returns NOT_FOUND; nothing is written).
 */
export async function settingSeenAtCommit(pool: pg.Pool): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`SELECT * FROM cart_set_line('no-store', NULL, 'no-token', 'no-variant', 'add', 1, 99, now()::timestamp(3))`);
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('synchronous_commit') AS v`);
    return rows[0]?.v ?? "";
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    client.release();
  }
}
