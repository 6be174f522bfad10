// Dashboard wording for numbers and times: signed deltas, short relative times, durations.

/** +3 / −2 / 0, with a real minus sign. */
export function formatDelta(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `\u2212${Math.abs(n)}`;
  return "0";
}

/** "in 4m 10s" / "3m ago" style, relative to `now` (ms). */
export function formatRelative(iso: string, now: number): string {
  const diff = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(diff);
  const text = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.floor(abs / 60)}m ${abs % 60}s` : abs < 86_400 ? `${Math.floor(abs / 3600)}h ${Math.floor((abs % 3600) / 60)}m` : `${Math.floor(abs / 86_400)}d ${Math.floor((abs % 86_400) / 3600)}h`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** Milliseconds as "850 ms" / "2.4 s" / "3m 5s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
}

/** Seconds as the largest whole unit that reads well: "15 min", "2 h", "45 s". */
export function formatSeconds(s: number): string {
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  if (s > 120) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** A short date-time in the reader's locale. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(iso));
}
