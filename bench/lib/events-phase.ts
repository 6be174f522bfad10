// Phase `events` of `npm run bench` (issue 21): what the event outbox adds to a hold. Runs
// bench/events-hold-cost.ts (paired blocks of holds with the outbox's triggers off and on, on its
// own database) and turns its figures into a target: the hold's cost with events within 5 % of
// the cost without them. The backend's CPU time per hold is the figure judged (a busy host moves
// wall clocks far more than 5 %); the wall-clock ratio is reported beside it.
import { spawnSync } from "node:child_process";
import path from "node:path";

export type EventsHoldCost = {
  cpu: string;
  cores: number;
  callsPerBlock: number;
  blocks: number;
  medianWithout: number;
  medianWith: number;
  ratioOfMedians: number;
  medianPairedRatio: number;
  backendCpuMsPerHoldWithout: number | null;
  backendCpuMsPerHoldWith: number | null;
  backendCpuRatio: number | null;
  eventsWrittenByOneBlockOfHolds: number;
};

export function runEventsHoldCost(opts: { quick: boolean }): EventsHoldCost | { skipped: string } {
  const script = path.join(import.meta.dirname, "..", "events-hold-cost.ts");
  const args = opts.quick ? ["--calls", "500", "--blocks", "6"] : ["--calls", "1500", "--blocks", "8"];
  const tsx = path.join(import.meta.dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs");
  const r = spawnSync(process.execPath, [tsx, script, ...args], { encoding: "utf8", env: process.env, maxBuffer: 16 * 2 ** 20 });
  if (r.status !== 0) return { skipped: `events-hold-cost failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-400)}` };
  const start = r.stdout.indexOf("{");
  return JSON.parse(r.stdout.slice(start)) as EventsHoldCost;
}

export function eventsTargets(r: EventsHoldCost | { skipped: string } | undefined) {
  const measured = r && !("skipped" in r) ? r : undefined;
  const value = measured ? (measured.backendCpuRatio ?? measured.medianPairedRatio) : undefined;
  return [
    {
      id: "events-hold-cost",
      description: "A hold with the event outbox vs without it (paired blocks, same database; backend CPU per hold, else wall clock)",
      target: "≤ 1.05×",
      measured: measured ? `${value!.toFixed(3)}× (wall clock ${measured.medianPairedRatio.toFixed(3)}×; ${measured.eventsWrittenByOneBlockOfHolds} events written by ${measured.callsPerBlock} holds)` : "not measured",
      met: value === undefined ? null : value <= 1.05,
      margin: value === undefined ? "—" : `${((1.05 - value) * 100).toFixed(1)} points`,
    },
  ];
}
