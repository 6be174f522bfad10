// Reads the health report of GET admin/health for display: check tones, readable names, and the
// jobs section whichever shape it comes in (a list or an object of per-job summaries, or runs).
import { jobRunSchema, type JobRun } from "@/lib/api-client/admin-contract";

export type Tone = "ok" | "warn" | "fail" | "unknown";

export function toneOf(status: string | null | undefined): Tone {
  const s = (status ?? "").toLowerCase();
  if (/^(ok|pass|passing|healthy|good|green|success|succeeded)$/.test(s)) return "ok";
  if (/^(warn|warning|degraded|stale|yellow|skipped)$/.test(s)) return "warn";
  if (/^(fail|failed|failing|error|critical|unhealthy|down|red|bad)$/.test(s)) return "fail";
  return "unknown";
}

/** "expiredHoldsNotSwept" / "payment_sync_stale" → "Expired holds not swept" / "Payment sync stale". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type JobSummary = { name: string; last: JobRun | null; lastSuccessAt: string | null; recent: JobRun[]; failures: number | null };

/**
 * Reads `jobs` leniently: a list or an object of per-job summaries ({ job, lastRun, lastSuccessAt,
 * recent }), or plain runs. Failures count the failed runs among the recent ones.
 */
export function readJobs(jobs: unknown): JobSummary[] {
  const asRun = (v: unknown): JobRun | null => {
    const r = jobRunSchema.safeParse(v);
    return r.success && (r.data.startedAt || r.data.status) ? r.data : null;
  };
  const runs = (v: unknown): JobRun[] => (Array.isArray(v) ? v.map(asRun).filter((r): r is JobRun => r !== null) : []);
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const entries: [string, unknown][] = Array.isArray(jobs)
    ? jobs.map((j, i) => [str((j as Record<string, unknown> | null)?.job) ?? `job ${i + 1}`, j])
    : jobs && typeof jobs === "object"
      ? Object.entries(jobs as Record<string, unknown>)
      : [];
  return entries.map(([name, v]) => {
    const o = (v ?? {}) as Record<string, unknown>;
    const isSummary = "lastRun" in o || "recent" in o || "last" in o || "lastSuccessAt" in o;
    if (!isSummary) return { name, last: asRun(v), lastSuccessAt: null, recent: [], failures: null };
    const recent = runs(o.recent ?? o.runs);
    const last = asRun(o.lastRun ?? o.last) ?? recent[0] ?? null;
    return { name, last, lastSuccessAt: str(o.lastSuccessAt), recent, failures: recent.length > 0 ? recent.filter((r) => toneOf(r.status) === "fail").length : null };
  });
}

