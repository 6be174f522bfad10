import { describe, expect, it } from "vitest";
import { humanize, readJobs, toneOf } from "./health-report";

describe("toneOf", () => {
  it("maps the report's words to three tones", () => {
    expect(["pass", "healthy", "OK"].map(toneOf)).toEqual(["ok", "ok", "ok"]);
    expect(["warn", "degraded"].map(toneOf)).toEqual(["warn", "warn"]);
    expect(["fail", "failing", "FAILED"].map(toneOf)).toEqual(["fail", "fail", "fail"]);
    expect(toneOf("mystery")).toBe("unknown");
    expect(toneOf(null)).toBe("unknown");
  });
});

describe("humanize", () => {
  it("turns check and figure names into words", () => {
    expect(humanize("expiredHolds")).toBe("Expired holds");
    expect(humanize("counter_drift")).toBe("Counter drift");
    expect(humanize("payment-sync")).toBe("Payment sync");
  });
});

describe("readJobs", () => {
  const ok = { status: "OK", dryRun: false, startedAt: "2026-11-21T10:00:00.000Z", durationMs: 40, figures: { expiredHolds: 2 }, error: null };
  const failed = { status: "FAILED", dryRun: false, startedAt: "2026-11-21T11:00:00.000Z", durationMs: 90, figures: null, error: "boom" };

  it("reads the API's list of per-job summaries, counting recent failures", () => {
    const jobs = readJobs([
      { job: "cleanup", lastRun: failed, lastSuccessAt: ok.startedAt, recent: [failed, ok] },
      { job: "payment-sync", lastRun: null, lastSuccessAt: null, recent: [] },
    ]);
    expect(jobs).toEqual([
      { name: "cleanup", last: failed, lastSuccessAt: ok.startedAt, recent: [failed, ok], failures: 1 },
      { name: "payment-sync", last: null, lastSuccessAt: null, recent: [], failures: null },
    ]);
  });

  it("also reads an object keyed by job, with runs as values", () => {
    expect(readJobs({ cleanup: ok, "payment-sync": null })).toEqual([
      { name: "cleanup", last: ok, lastSuccessAt: null, recent: [], failures: null },
      { name: "payment-sync", last: null, lastSuccessAt: null, recent: [], failures: null },
    ]);
  });

  it("reads nothing from nothing", () => {
    expect(readJobs(undefined)).toEqual([]);
    expect(readJobs("nope")).toEqual([]);
  });
});
