"use client";
// The store's health at a glance: a 0–100 score, the checks behind it (each failing one says what
// to do), and the last cleanup and payment-sync runs: when, how long, what they did, failures.
import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { useNow } from "@/components/ui/use-now";
import { healthQuery } from "@/lib/api-client/admin";
import type { HealthCheck, HealthReport } from "@/lib/api-client/admin-contract";
import { humanize, readJobs, toneOf, type JobSummary, type Tone } from "./health-report";
import { EmptyState, LiveIndicator, LoadingRows, Panel, QueryError } from "./admin-ui";
import { formatDateTime, formatMs, formatRelative } from "./format";

const BADGE: Record<Tone, BadgeTone> = { ok: "success", warn: "warning", fail: "danger", unknown: "neutral" };
const WORD: Record<Tone, string> = { ok: "OK", warn: "Warning", fail: "Failing", unknown: "Unknown" };
const RING: Record<Tone, string> = { ok: "#059669", warn: "#d97706", fail: "#dc2626", unknown: "#64748b" };

/** A check whose value is an age in seconds reads better as "1d 3h". */
function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h ${Math.round((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.round((seconds % 86_400) / 3600)}h`;
}

export function HealthPanel({ store }: { store: string }) {
  const query = useQuery(healthQuery(store));
  const now = useNow(query.dataUpdatedAt || 0);
  if (query.isPending) return <Panel><LoadingRows label="Checking health…" /></Panel>;
  if (query.isError && !query.data) return <Panel><QueryError error={query.error} onRetry={() => void query.refetch()} /></Panel>;
  const report = query.data;
  return (
    <div className="space-y-6">
      <ScoreCard report={report} updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
      <Checks checks={report.checks} jobs={readJobs(report.jobs)} />
      <Jobs jobs={readJobs(report.jobs)} notYetRun={notYetRunJobs(report.jobs)} now={now} />
    </div>
  );
}

function ScoreCard({ report, updatedAt, fetching }: { report: HealthReport; updatedAt: number; fetching: boolean }) {
  const score = Math.max(0, Math.min(100, Math.round(report.score)));
  const tone = toneOf(report.status);
  const failing = report.checks.filter((c) => toneOf(c.status) === "fail").length;
  const warning = report.checks.filter((c) => toneOf(c.status) === "warn").length;
  const r = 34;
  const c = 2 * Math.PI * r;
  return (
    <section aria-labelledby="health-score" className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:flex-row sm:items-center">
      <div className="relative size-24 shrink-0">
        <svg viewBox="0 0 80 80" className="size-24 -rotate-90" aria-hidden="true">
          <circle cx="40" cy="40" r={r} fill="none" stroke="#e2e8f0" strokeWidth="8" />
          <circle cx="40" cy="40" r={r} fill="none" stroke={RING[tone]} strokeWidth="8" strokeLinecap="round" strokeDasharray={`${(score / 100) * c} ${c}`} />
        </svg>
        <div className="absolute inset-0 grid place-items-center text-center">
          <div>
            <div className="text-2xl font-bold tabular text-ink">{score}</div>
            <div className="text-[11px] text-slate-600">of 100</div>
          </div>
        </div>
      </div>
      <div className="min-w-0 flex-1">
        <h2 id="health-score" className="text-base font-semibold text-ink">
          Health score <span className="sr-only">{score} of 100</span>
        </h2>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <Badge tone={BADGE[tone]}>{tone === "unknown" ? humanize(report.status) : tone === "ok" ? "Healthy" : tone === "warn" ? "Needs attention" : "Something is wrong"}</Badge>
          <span className="text-sm text-slate-600">
            {failing === 0 && warning === 0
              ? `All ${report.checks.length} checks pass.`
              : [failing > 0 && `${failing} failing`, warning > 0 && `${warning} with a warning`].filter(Boolean).join(", ") + ` of ${report.checks.length} checks.`}
          </span>
        </div>
      </div>
      <LiveIndicator updatedAt={updatedAt} fetching={fetching} />
    </section>
  );
}

function formatValue(check: HealthCheck): string | null {
  const v = check.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "number" && /^seconds since/i.test(check.label ?? "")) return `${formatAge(v)} ago`;
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

/** Hints name commands in `backticks`: shown as code. */
function HintText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[12px] text-ink">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Checks({ checks, jobs }: { checks: HealthCheck[]; jobs: JobSummary[] }) {
  const order: Record<Tone, number> = { fail: 0, warn: 1, unknown: 2, ok: 3 };
  const sorted = [...checks].sort((a, b) => order[toneOf(a.status)] - order[toneOf(b.status)]);
  return (
    <Panel title="Checks" description="Failing checks first, each with what to do about it.">
      {sorted.length === 0 ? (
        <EmptyState title="No checks reported" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {sorted.map((check) => {
            const tone = toneOf(check.status);
            // A yes/no check ("Last cleanup run failed", value 0 or 1) reads as a sentence, without the number.
            const yesNo = /_last_result$/.test(check.name);
            const value = yesNo ? null : formatValue(check);
            const job = yesNo ? jobs.find((j) => check.name === `${j.name}_last_result`) : undefined;
            const label =
              yesNo && tone === "ok"
                ? job && !job.last
                  ? `No ${job.name} run yet, so none failed`
                  : (check.label ?? humanize(check.name)).replace(/ failed$/, " succeeded")
                : check.label
                  ? check.label.replace(/^Seconds since/i, "Time since")
                  : humanize(check.name);
            return (
              <li key={check.name} className={cn("flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:gap-4 sm:px-5", tone === "fail" && "bg-red-50/50")}>
                <div className="w-28 shrink-0">
                  <Badge tone={BADGE[tone]}>{WORD[tone]}</Badge>
                </div>
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-ink">
                    {label}
                    {value !== null && <span className="ml-2 font-normal tabular text-slate-700">{value}</span>}
                  </p>
                  {tone !== "ok" && check.hint && (
                    <p className="mt-1 text-sm text-slate-800">
                      <span className="font-semibold">What to do: </span>
                      <HintText text={check.hint} />
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

/** The jobs the report calls "not yet run": never run on a deployment younger than a job interval. */
export function notYetRunJobs(jobs: HealthReport["jobs"]): Set<string> {
  return new Set(jobs.filter((j) => j.notYetRun).map((j) => j.job));
}

const JOB_LABELS: Record<string, string> = { cleanup: "Cleanup", "payment-sync": "Payment sync", paymentSync: "Payment sync", payment_sync: "Payment sync" };

function Jobs({ jobs, notYetRun, now }: { jobs: JobSummary[]; notYetRun: Set<string>; now: number }) {
  return (
    <Panel
      title="Background jobs"
      description="The cleanup and payment-sync runs: in-process on a self-hosted server (JOBS_SCHEDULE=in-process), or Vercel Cron, a system cron or npm run ops. Correctness never waits for them; they keep the books tidy."
    >
      {jobs.length === 0 ? (
        <EmptyState title="No job runs recorded yet" />
      ) : (
        <div className="grid gap-4 p-4 sm:p-5 lg:grid-cols-2">
          {jobs.map((j) => (
            <JobCard key={j.name} job={j} notYetRun={notYetRun.has(j.name)} now={now} />
          ))}
        </div>
      )}
    </Panel>
  );
}

export function JobCard({ job, notYetRun = false, now }: { job: JobSummary; notYetRun?: boolean; now: number }) {
  const last = job.last;
  // A job that has not run yet on a new deployment is expected, not a warning: it runs within its first interval.
  const tone: Tone = last ? toneOf(last.status) : notYetRun ? "unknown" : "warn";
  const at = last?.startedAt ?? null;
  const figures = Object.entries(last?.figures ?? {}).filter(([k, v]) => k !== "durationMs" && k !== "job" && k !== "dryRun" && (typeof v === "number" || typeof v === "boolean" || typeof v === "string"));
  return (
    <article className="rounded-lg border border-slate-200 p-4" aria-labelledby={`job-${job.name}`}>
      <div className="flex items-start justify-between gap-3">
        <h3 id={`job-${job.name}`} className="font-semibold text-ink">
          {JOB_LABELS[job.name] ?? humanize(job.name)}
        </h3>
        <Badge tone={BADGE[tone]}>{last ? (last.status ? humanize(last.status.toLowerCase()) : WORD[tone]) : notYetRun ? "Not yet run" : "Never run"}</Badge>
      </div>
      {last ? (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">Last run</dt>
          <dd className="text-ink">
            {at ? (
              <time dateTime={at} title={formatDateTime(at)}>
                {formatRelative(at, now)}
              </time>
            ) : (
              "—"
            )}
            {last.dryRun ? " (dry run)" : ""}
          </dd>
          <dt className="text-slate-600">Took</dt>
          <dd className="tabular text-ink">{typeof last.durationMs === "number" ? formatMs(last.durationMs) : "—"}</dd>
          {tone !== "ok" && (
            <>
              <dt className="text-slate-600">Last success</dt>
              <dd className="text-ink">{job.lastSuccessAt ? <time dateTime={job.lastSuccessAt}>{formatRelative(job.lastSuccessAt, now)}</time> : "Never"}</dd>
            </>
          )}
          {job.failures !== null && (
            <>
              <dt className="text-slate-600">Recent failures</dt>
              <dd className={cn("tabular", job.failures > 0 ? "font-semibold text-red-800" : "text-ink")}>{job.failures}</dd>
            </>
          )}
          {figures.length > 0 && (
            <>
              <dt className="text-slate-600">Did</dt>
              <dd className="flex flex-wrap gap-1.5">
                {figures.map(([k, v]) => (
                  <span key={k} className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">
                    {humanize(k)}: <span className="font-semibold tabular">{String(v)}</span>
                  </span>
                ))}
              </dd>
            </>
          )}
        </dl>
      ) : notYetRun ? (
        <p className="mt-2 text-sm text-slate-700">
          This deployment is new. With in-process jobs (JOBS_SCHEDULE=in-process, the quickstart&apos;s default) the server runs it
          within JOBS_INTERVAL_SECONDS; otherwise Vercel Cron, a system cron or npm run ops runs it.
        </p>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          No run recorded. Turn on in-process jobs (JOBS_SCHEDULE=in-process), schedule it with Vercel Cron or a system cron, or run it
          with npm run ops.
        </p>
      )}
      {last?.error && (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          <span className="font-semibold">Error: </span>
          {last.error}
        </p>
      )}
    </article>
  );
}
