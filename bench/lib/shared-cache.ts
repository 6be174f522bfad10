// A stand-in for a shared HTTP cache in front of the app (what Vercel's CDN does with s-maxage): GET
// responses that say `s-maxage=N` (or `public, max-age=N`) are kept N seconds per URL, and
// concurrent misses for one URL are sent to the app once. Only for the benchmark's stock-route lever.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Entry = { status: number; headers: http.OutgoingHttpHeaders; body: Buffer; until: number };

function ttlSeconds(cacheControl: string | undefined): number {
  if (!cacheControl || /no-store|private/.test(cacheControl)) return 0;
  const shared = /s-maxage=(\d+)/.exec(cacheControl);
  if (shared) return Number(shared[1]);
  const max = /public.*max-age=(\d+)|max-age=(\d+).*public/.exec(cacheControl);
  return max ? Number(max[1] ?? max[2]) : 0;
}

export async function startSharedCache(originUrl: string): Promise<{ url: string; hits: () => number; misses: () => number; stop: () => Promise<void> }> {
  const origin = new URL(originUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Entry>>();
  let hits = 0;
  let misses = 0;

  const fetchOrigin = (path: string) =>
    new Promise<Entry>((resolve, reject) => {
      const req = http.request({ agent, hostname: origin.hostname, port: origin.port, path, method: "GET" }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const cc = res.headers["cache-control"];
          const ttl = res.statusCode === 200 ? ttlSeconds(Array.isArray(cc) ? cc.join(", ") : cc) : 0;
          const headers: http.OutgoingHttpHeaders = { "content-type": res.headers["content-type"], "cache-control": cc };
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks), until: Date.now() + ttl * 1000 });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });

  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    const send = (e: Entry, state: string) => {
      res.writeHead(e.status, { ...e.headers, "x-cache": state });
      res.end(e.body);
    };
    const hit = req.method === "GET" ? cache.get(path) : undefined;
    if (hit && hit.until > Date.now()) {
      hits++;
      send(hit, "HIT");
      return;
    }
    misses++;
    let pending = inflight.get(path);
    if (!pending) {
      pending = fetchOrigin(path).finally(() => inflight.delete(path));
      inflight.set(path, pending);
    }
    pending.then(
      (e) => {
        if (e.until > Date.now()) cache.set(path, e);
        send(e, "MISS");
      },
      () => {
        res.writeHead(502);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    misses: () => misses,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
