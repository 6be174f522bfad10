// Every job run: a PostgreSQL advisory lock (a concurrent run answers skipped: locked), a wall-clock
// budget the work checks between batches, and one JobRun row with its figures, duration and error.
// The lock is TRANSACTION-scoped (pg_try_advisory_xact_lock in a transaction held open on a
// connection of its own for the whole run), so it works behind a transaction-mode pooler
// (PgBouncer, Supavisor, Neon's pooler): an open transaction keeps its one server connection, and
// COMMIT/ROLLBACK releases the lock on that same connection. A session-level lock would land on
// whichever server connection ran the statement and its unlock elsewhere, leaving the lock behind.
// A killed run's transaction ends when its connection does (the pooler drops a server connection
// whose client vanished mid-transaction); a frozen one when idle_in_transaction_session_timeout
// (set for this transaction only: the budget plus a minute) ends it.
// The embedded database (PGlite, DATABASE_SINGLE_SESSION=1) has one session that every connection
// shares, one transaction at a time: a lock transaction held open would stop the run's own work, so
// there the lock is session-level (`jobLock: "session"`), taken and released on the same connection.
import type { Db } from "@/lib/db";
import { evaluateAlerts, type AlertDeps, type FinishedJobRun } from "@/lib/alerts/evaluate-alerts";
import { getLogger } from "@/lib/observability/logger";
import { ATTR, withSpan } from "@/lib/observability/tracing";

export type JobName = "cleanup" | "payment-sync";

export type JobSkipped = { job: JobName; skipped: true; reason: "locked" };

/** How a run holds its lock: an open transaction (default; poolers), or session-level (the embedded single-session database). */
export type JobLockMode = "transaction" | "session";

/** The slice of a pg.Pool the lock needs: one dedicated connection for the run's lock transaction. */
export type LockPool = {
  connect(): Promise<{ query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>; release(destroy?: boolean): void }>;
};

export type JobContext = {
  /** Epoch ms after which the work must stop starting batches. */
  deadline: number;
  timeLeft(): number;
};

/** The default budget: well under the cron routes' maxDuration (60 s). */
export const DEFAULT_JOB_BUDGET_MS = 45_000;

/** How long past its budget a run's lock transaction may sit idle before PostgreSQL ends it (a frozen instance). */
export const LOCK_IDLE_GRACE_MS = 60_000;

function lockKey(job: JobName): string {
  return `shop.job.${job}`;
}

/** A run in a span of its own ("job cleanup"), logged with its figures, followed by the alerts. */
export async function runJob<F extends { durationMs: number }>(
  deps: { db: Db; now: Date; pool: LockPool; jobLock?: JobLockMode } & Omit<AlertDeps, "db" | "now">,
  input: { job: JobName; dryRun: boolean; budgetMs?: number },
  work: (ctx: JobContext) => Promise<Omit<F, "durationMs">>,
): Promise<F | JobSkipped> {
  return withSpan(`job ${input.job}`, { [ATTR.job]: input.job, "shop.dry_run": input.dryRun }, async (span) => {
    const r = await runJobLocked<F>(deps, input, work);
    if ("skipped" in r) span.setAttribute(ATTR.outcome, "skipped");
    return r;
  });
}

async function afterRun(deps: AlertDeps, run: FinishedJobRun & { durationMs: number }) {
  const log = getLogger();
  if (run.status === "OK") log.info({ job: run.job, status: run.status, dryRun: run.dryRun, durationMs: run.durationMs, figures: run.figures }, "job run");
  else log.error({ job: run.job, status: run.status, dryRun: run.dryRun, durationMs: run.durationMs, error: run.error }, "job run failed");
  await evaluateAlerts(deps, { run }).catch((e) => log.warn({ job: run.job, err: e }, "alerts not evaluated"));
}

async function runJobLocked<F extends { durationMs: number }>(
  deps: { db: Db; now: Date; pool: LockPool; jobLock?: JobLockMode } & Omit<AlertDeps, "db" | "now">,
  input: { job: JobName; dryRun: boolean; budgetMs?: number },
  work: (ctx: JobContext) => Promise<Omit<F, "durationMs">>,
): Promise<F | JobSkipped> {
  const started = Date.now();
  const deadline = started + (input.budgetMs ?? DEFAULT_JOB_BUDGET_MS);
  // A transaction-level lock on a connection of its own, held open for the whole run (the work
  // itself uses the pool's other connections). If the process dies, the transaction and the lock go.
  const conn = await deps.pool.connect();
  const session = deps.jobLock === "session";
  let destroy = false;
  try {
    let got: { rows: unknown[] };
    if (session) {
      got = await conn.query("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [lockKey(input.job)]);
    } else {
      await conn.query("BEGIN");
      const idleMs = Math.max(1000, deadline - started + LOCK_IDLE_GRACE_MS);
      await conn.query("SELECT set_config('idle_in_transaction_session_timeout', $1, true)", [String(idleMs)]);
      got = await conn.query("SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked", [lockKey(input.job)]);
    }
    if (!(got.rows[0] as { locked?: boolean } | undefined)?.locked) {
      if (!session) await conn.query("ROLLBACK");
      await recordRun(deps, { job: input.job, status: "SKIPPED", dryRun: input.dryRun, durationMs: Date.now() - started, figures: { reason: "locked" } });
      getLogger().info({ job: input.job, status: "SKIPPED", reason: "locked" }, "job run skipped");
      return { job: input.job, skipped: true, reason: "locked" };
    }
    try {
      const figures = { ...(await work({ deadline, timeLeft: () => deadline - Date.now() })), durationMs: Date.now() - started } as F;
      await recordRun(deps, { job: input.job, status: "OK", dryRun: input.dryRun, durationMs: figures.durationMs, figures });
      await afterRun(deps, { job: input.job, status: "OK", dryRun: input.dryRun, durationMs: figures.durationMs, figures });
      return figures;
    } catch (e) {
      const error = e instanceof Error ? e.message.slice(0, 2000) : String(e);
      const durationMs = Date.now() - started;
      await recordRun(deps, { job: input.job, status: "FAILED", dryRun: input.dryRun, durationMs, error }).catch(() => {});
      await afterRun(deps, { job: input.job, status: "FAILED", dryRun: input.dryRun, durationMs, error });
      throw e;
    } finally {
      await conn.query(session ? "SELECT pg_advisory_unlock(hashtext($1))" : "COMMIT", session ? [lockKey(input.job)] : undefined).catch(() => {
        destroy = true; // closing the connection ends the transaction (or the session's lock) and releases the lock
      });
    }
  } catch (e) {
    destroy = true;
    throw e;
  } finally {
    conn.release(destroy);
  }
}

async function recordRun(
  deps: { db: Db; now: Date },
  run: { job: JobName; status: "OK" | "FAILED" | "SKIPPED"; dryRun: boolean; durationMs: number; figures?: object; error?: string },
) {
  await deps.db.jobRun.create({
    data: {
      job: run.job,
      status: run.status,
      dryRun: run.dryRun,
      startedAt: deps.now,
      finishedAt: new Date(deps.now.getTime() + run.durationMs),
      durationMs: run.durationMs,
      figures: run.figures ? JSON.parse(JSON.stringify(run.figures)) : undefined,
      error: run.error ?? null,
    },
  });
}
