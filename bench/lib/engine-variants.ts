// How a hold transaction commits, switched in the bench database only (never in a product
// migration): as shipped, cart_write_line sets synchronous_commit = off for its own transaction
// (prisma/sql/cart/cart-write-line.sql, the engine's source); the "sync" variant is the same
// function with that one call saying "on", i.e. the engine as it was before the lever was taken.
import type pg from "pg";
import { readFunctionFile } from "../../scripts/sql-home/sql-home";

export type CommitMode = "async" | "sync";

export const COMMIT_MODES: CommitMode[] = ["async", "sync"];

const SHIPPED = "PERFORM set_config('synchronous_commit', 'off', true);";
const SYNC = "PERFORM set_config('synchronous_commit', 'on', true);";

/** The shipped definition of an engine function: its file in prisma/sql. */
export function readFunctionDef(name: string): string {
  return readFunctionFile(name);
}

/** cart_write_line's definition with the hold's commit mode set to `mode`. */
export function withCommitMode(shippedDef: string, mode: CommitMode): string {
  if (!shippedDef.includes(SHIPPED)) throw new Error("cart_write_line no longer sets synchronous_commit: update bench/lib/engine-variants.ts");
  return mode === "async" ? shippedDef : shippedDef.replace(SHIPPED, SYNC);
}

export async function applyCommitMode(pool: pg.Pool, shippedDef: string, mode: CommitMode): Promise<void> {
  await pool.query(withCommitMode(shippedDef, mode));
}

/**
 * The mechanism, checked directly: the value of synchronous_commit that COMMIT would see after a
 * successful hold in the same transaction (rolled back).
 */
export async function settingSeenAtCommit(pool: pg.Pool, call: { storeId: string; variantId: string }): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ code: string }>(`SELECT code FROM cart_write_line($1, NULL, md5(random()::text), $2, 'add', 1, 99, now()::timestamp(3))`, [
      call.storeId,
      call.variantId,
    ]);
    if (rows[0]?.code !== "OK") throw new Error(`settingSeenAtCommit: the hold answered ${rows[0]?.code}`);
    const setting = await client.query<{ v: string }>(`SELECT current_setting('synchronous_commit') AS v`);
    return setting.rows[0]?.v ?? "";
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    client.release();
  }
}
