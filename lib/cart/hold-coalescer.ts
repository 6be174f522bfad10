// Coalesces concurrent requests for one key (the hot item) into batches, per process. A request for
// a key with nothing in flight and nothing waiting runs alone, at once (a quiet item pays nothing).
// A request that arrives while the key is busy waits: it goes out with the others waiting when the
// key's work in flight finishes, when maxWaitMs have passed since the first of them arrived, or
// when maxBatch of them are waiting — whichever comes first — but never as more than maxInFlight
// units of work at once for one key: a batch sent while another holds the item's row lock only
// waits for it in the database, on a pooled connection the rest of the app then lacks (measured:
// ten concurrent batches on one item took the whole pool and other requests timed out). Batches
// keep arrival order. Framework-free: the work (runOne, runBatch) and the timers are injected.

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type CoalescerTimers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type CoalescerOptions<Req, Res> = {
  /** Most requests in one batch (≥ 1). */
  maxBatch: number;
  /** Most milliseconds the first waiting request waits before its batch goes out (if a slot is free). */
  maxWaitMs: number;
  /** Most units of work in flight at once for one key (≥ 1; default 2: one running, one queued on its lock). */
  maxInFlight?: number;
  /** One request, alone (the quiet path). */
  runOne(key: string, req: Req): Promise<Res>;
  /**
   * Two or more requests for one key, as one unit of work: each request's own outcome, in order
   * (a refused request is an { ok: false } and never fails the others). Throwing fails every
   * request of this batch (only this batch) with that error.
   */
  runBatch(key: string, reqs: readonly Req[]): Promise<Outcome<Res>[]>;
  timers?: CoalescerTimers;
};

type Waiting<Req, Res> = { req: Req; resolve(v: Res): void; reject(e: unknown): void };
type KeyState<Req, Res> = { inFlight: number; queue: Waiting<Req, Res>[]; timer: unknown | null };

export type Coalescer<Req, Res> = {
  submit(key: string, req: Req): Promise<Res>;
  /** Keys with work in flight or waiting (tests, diagnostics). */
  busyKeys(): number;
};

const realTimers: CoalescerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createCoalescer<Req, Res>(options: CoalescerOptions<Req, Res>): Coalescer<Req, Res> {
  const { runOne, runBatch } = options;
  const maxBatch = Math.max(1, Math.floor(options.maxBatch));
  const maxWaitMs = Math.max(0, options.maxWaitMs);
  const maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 2));
  const timers = options.timers ?? realTimers;
  const states = new Map<string, KeyState<Req, Res>>();

  function settleAll(batch: Waiting<Req, Res>[], outcomes: Outcome<Res>[] | null, error: unknown) {
    batch.forEach((w, i) => {
      const o = outcomes?.[i];
      if (o?.ok) w.resolve(o.value);
      else if (o) w.reject(o.error);
      else w.reject(error ?? new Error(`coalesced batch answered ${outcomes?.length ?? 0} outcomes for ${batch.length} requests`));
    });
  }

  function run(key: string, s: KeyState<Req, Res>, batch: Waiting<Req, Res>[]) {
    s.inFlight++;
    const work: Promise<Outcome<Res>[]> =
      batch.length === 1
        ? runOne(key, batch[0]!.req).then(
            (value): Outcome<Res>[] => [{ ok: true, value }],
            (error: unknown): Outcome<Res>[] => [{ ok: false, error }],
          )
        : Promise.resolve().then(() => runBatch(key, batch.map((w) => w.req)));
    work.then(
      (outcomes) => settleAll(batch, outcomes, null),
      (error: unknown) => settleAll(batch, null, error),
    ).finally(() => {
      s.inFlight--;
      // A slot is free: whoever waits goes now (they waited for the work in flight).
      if (s.queue.length > 0) pump(key, s, true);
      else if (s.inFlight === 0 && s.timer === null) states.delete(key);
    });
  }

  /**
   * Sends what waits, as far as slots allow: one batch when `due` (a slot freed or the timer
   * expired), and any full batch; the rest waits for the timer or the next free slot.
   */
  function pump(key: string, s: KeyState<Req, Res>, due: boolean) {
    while (s.queue.length > 0 && s.inFlight < maxInFlight && (due || s.queue.length >= maxBatch)) {
      if (s.timer !== null) {
        timers.clearTimeout(s.timer);
        s.timer = null;
      }
      run(key, s, s.queue.splice(0, maxBatch));
      due = false;
    }
    if (s.queue.length > 0 && s.timer === null && s.inFlight < maxInFlight) {
      s.timer = timers.setTimeout(() => {
        s.timer = null;
        pump(key, s, true);
      }, maxWaitMs);
    }
  }

  return {
    submit(key, req) {
      return new Promise<Res>((resolve, reject) => {
        let s = states.get(key);
        if (!s) {
          s = { inFlight: 0, queue: [], timer: null };
          states.set(key, s);
        }
        const w: Waiting<Req, Res> = { req, resolve, reject };
        if (s.inFlight === 0 && s.queue.length === 0) {
          run(key, s, [w]);
          return;
        }
        s.queue.push(w);
        pump(key, s, false);
      });
    },
    busyKeys: () => states.size,
  };
}
