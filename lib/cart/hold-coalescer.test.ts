// The coalescer's rules with fakes: a quiet key runs alone at once; a busy key's requests wait for
// the work in flight, the timer or the batch cap (whichever first) and go out in arrival order; a
// refusal in a batch fails only its own request; a failed batch fails only its own requests.
import { describe, expect, it } from "vitest";
import { createCoalescer, type CoalescerTimers, type Outcome } from "@/lib/cart/hold-coalescer";

function fakeTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: CoalescerTimers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pending,
    fire() {
      const all = [...pending.entries()];
      pending.clear();
      for (const [, t] of all) t.fn();
    },
  };
}

/** Work whose completion the test controls: every call is recorded and waits for finish(). */
function controlledWork() {
  const calls: Array<{ kind: "one" | "batch"; key: string; reqs: number[]; finish: (outcomes?: Outcome<string>[] | Error) => void }> = [];
  return {
    calls,
    runOne: (key: string, req: number) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ kind: "one", key, reqs: [req], finish: (o) => (o instanceof Error ? reject(o) : resolve(`one:${req}`)) });
      }),
    runBatch: (key: string, reqs: readonly number[]) =>
      new Promise<Outcome<string>[]>((resolve, reject) => {
        calls.push({
          kind: "batch",
          key,
          reqs: [...reqs],
          finish: (o) => (o instanceof Error ? reject(o) : resolve(o ?? reqs.map((r) => ({ ok: true, value: `batch:${r}` })))),
        });
      }),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("createCoalescer", () => {
  it("a quiet key runs each request alone, at once, with no timer", async () => {
    const t = fakeTimers();
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 8, maxWaitMs: 5, timers: t.timers, runOne: w.runOne, runBatch: w.runBatch });
    const a = c.submit("x", 1);
    const b = c.submit("y", 2); // another key: not held back by x
    await tick();
    expect(w.calls.map((x) => [x.kind, x.key, x.reqs])).toEqual([["one", "x", [1]], ["one", "y", [2]]]);
    expect(t.pending.size).toBe(0);
    w.calls.forEach((x) => x.finish());
    await expect(a).resolves.toBe("one:1");
    await expect(b).resolves.toBe("one:2");
    await tick();
    expect(c.busyKeys()).toBe(0);
  });

  it("requests arriving while the key is busy go out together, in arrival order, when the work in flight finishes", async () => {
    const t = fakeTimers();
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 8, maxWaitMs: 5, timers: t.timers, runOne: w.runOne, runBatch: w.runBatch });
    const first = c.submit("x", 1);
    const rest = [2, 3, 4].map((r) => c.submit("x", r));
    await tick();
    expect(w.calls).toHaveLength(1);
    expect(t.pending.size).toBe(1); // the bound on their wait is armed
    w.calls[0]!.finish();
    await expect(first).resolves.toBe("one:1");
    await tick();
    expect(w.calls.map((x) => [x.kind, x.reqs])).toEqual([["one", [1]], ["batch", [2, 3, 4]]]);
    expect(t.pending.size).toBe(0); // flushed: the timer is cleared
    w.calls[1]!.finish();
    expect(await Promise.all(rest)).toEqual(["batch:2", "batch:3", "batch:4"]);
  });

  it("the wait is bounded: the timer sends the batch while the first is still in flight", async () => {
    const t = fakeTimers();
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 8, maxWaitMs: 5, timers: t.timers, runOne: w.runOne, runBatch: w.runBatch });
    void c.submit("x", 1);
    const b = c.submit("x", 2);
    const d = c.submit("x", 3);
    expect([...t.pending.values()].map((p) => p.ms)).toEqual([5]);
    t.fire();
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3]]);
    w.calls[1]!.finish();
    await expect(b).resolves.toBe("batch:2");
    await expect(d).resolves.toBe("batch:3");
  });

  it("the wait is bounded: maxBatch waiting requests go at once; more wait for the next batch", async () => {
    const t = fakeTimers();
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 3, maxWaitMs: 5, timers: t.timers, runOne: w.runOne, runBatch: w.runBatch });
    const all = [1, 2, 3, 4, 5, 6].map((r) => c.submit("x", r));
    await tick();
    // 1 alone; 2..4 reach the cap and go; 5 and 6 wait for a free slot (two in flight: no timer).
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3, 4]]);
    expect(t.pending.size).toBe(0);
    w.calls.forEach((x) => x.finish());
    await tick();
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3, 4], [5, 6]]);
    w.calls[2]!.finish();
    expect(await Promise.all(all)).toEqual(["one:1", "batch:2", "batch:3", "batch:4", "batch:5", "batch:6"]);
  });

  it("a refused request fails alone; a failed batch fails only its own requests, and the next batch works", async () => {
    const t = fakeTimers();
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 2, maxWaitMs: 5, maxInFlight: 3, timers: t.timers, runOne: w.runOne, runBatch: w.runBatch });
    const one = c.submit("x", 1);
    const batch1 = [2, 3].map((r) => c.submit("x", r));
    const batch2 = [4, 5].map((r) => c.submit("x", r));
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3], [4, 5]]);
    w.calls[0]!.finish();
    const refusal = new Error("refused");
    w.calls[1]!.finish([{ ok: true, value: "fine:2" }, { ok: false, error: refusal }]);
    w.calls[2]!.finish(new Error("statement failed"));
    await expect(one).resolves.toBe("one:1");
    await expect(batch1[0]).resolves.toBe("fine:2");
    await expect(batch1[1]).rejects.toBe(refusal);
    await expect(batch2[0]).rejects.toThrow("statement failed");
    await expect(batch2[1]).rejects.toThrow("statement failed");
    const after = [6, 7].map((r) => c.submit("x", r));
    await tick();
    expect(w.calls.at(-1)!.reqs).toEqual([6]);
    w.calls.at(-1)!.finish();
    await tick();
    expect(w.calls.at(-1)!.reqs).toEqual([7]); // one waiting request goes alone
    w.calls.at(-1)!.finish();
    expect(await Promise.all(after)).toEqual(["one:6", "one:7"]);
  });

  it("never more than maxInFlight units of work at once for one key: the rest waits in the app, not on the item's lock", async () => {
    const t = fakeTimers();
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 2, maxWaitMs: 5, maxInFlight: 2, timers: t.timers, runOne: w.runOne, runBatch: w.runBatch });
    const all = [1, 2, 3, 4, 5, 6, 7].map((r) => c.submit("x", r));
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3]]);
    t.fire(); // the bound on the wait cannot open a third statement
    await tick();
    expect(w.calls).toHaveLength(2);
    const other = c.submit("y", 9); // another key has slots of its own
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3], [9]]);
    w.calls[0]!.finish();
    await tick();
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3], [9], [4, 5]]);
    w.calls[1]!.finish();
    await tick();
    await tick();
    expect(w.calls.map((x) => x.reqs)).toEqual([[1], [2, 3], [9], [4, 5], [6, 7]]);
    w.calls.slice(2).forEach((x) => x.finish());
    expect(await Promise.all(all)).toEqual(["one:1", "batch:2", "batch:3", "batch:4", "batch:5", "batch:6", "batch:7"]);
    await expect(other).resolves.toBe("one:9");
  });

  it("a batch answering the wrong number of outcomes fails its requests instead of hanging", async () => {
    const w = controlledWork();
    const c = createCoalescer({ maxBatch: 2, maxWaitMs: 5, timers: fakeTimers().timers, runOne: w.runOne, runBatch: w.runBatch });
    const one = c.submit("x", 1);
    const pair = [2, 3].map((r) => c.submit("x", r));
    await tick();
    w.calls[0]!.finish();
    w.calls[1]!.finish([{ ok: true, value: "only one" }]);
    await expect(one).resolves.toBe("one:1");
    await expect(pair[0]).resolves.toBe("only one");
    await expect(pair[1]).rejects.toThrow(/outcomes for 2 requests/);
  });
});
