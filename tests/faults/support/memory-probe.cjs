// Preloaded into an app under a soak run (NODE_OPTIONS="--require …/memory-probe.cjs"), with
// MEMORY_PROBE_FILE set: every MEMORY_PROBE_INTERVAL_MS (default 10 s) a full garbage collection,
// then the process's settled memory appended to that file as one JSON line. A leak shows as
// growth of what is left after a full collection; without one, heap and RSS move with whatever
// garbage the last requests left, which says nothing. Does nothing without MEMORY_PROBE_FILE.
/* eslint-disable @typescript-eslint/no-require-imports */
const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  const fs = require("node:fs");
  const v8 = require("node:v8");
  const vm = require("node:vm");
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc");
  const interval = Number(process.env.MEMORY_PROBE_INTERVAL_MS || 10_000);
  setInterval(() => {
    const started = Date.now();
    gc();
    const m = process.memoryUsage();
    const line = { at: Date.now(), pid: process.pid, gcMs: Date.now() - started, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, interval).unref();
}
