// The health page's job card: a job that has not run yet on a new deployment reads "Not yet run",
// neutrally (the health report counts it as passing), and points at the in-process jobs; one that never
// ran past the first interval stays an amber "Never run".
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { JobCard, notYetRunJobs } from "./health-panel";
import { readJobs } from "./health-report";

const now = Date.parse("2026-12-06T03:00:00Z");
const fresh = [
  { job: "cleanup" as const, lastRun: null, lastSuccessAt: null, notYetRun: true, recent: [] },
  { job: "payment-sync" as const, lastRun: null, lastSuccessAt: null, notYetRun: false, recent: [] },
];

function card(name: string): string {
  const job = readJobs(fresh).find((j) => j.name === name)!;
  return renderToStaticMarkup(createElement(JobCard, { job, notYetRun: notYetRunJobs(fresh).has(name), now }));
}

describe("JobCard", () => {
  it("reads the report's notYetRun per job", () => {
    expect([...notYetRunJobs(fresh)]).toEqual(["cleanup"]);
  });

  it('shows a job that has not run yet on a new deployment as a neutral "Not yet run", naming the in-process jobs', () => {
    const html = card("cleanup");
    expect(html).toContain("Not yet run");
    expect(html).not.toContain("Never run");
    expect(html).toContain("bg-slate-100"); // the neutral badge
    expect(html).not.toContain("amber");
    expect(html).toContain("JOBS_SCHEDULE=in-process");
  });

  it('keeps a job that never ran past the first interval as an amber "Never run"', () => {
    const html = card("payment-sync");
    expect(html).toContain("Never run");
    expect(html).not.toContain("Not yet run");
    expect(html).toContain("bg-amber-50");
  });
});
