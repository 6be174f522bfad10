// One HTTP request on its own connection (no keep-alive pool, no cookie jar): a shopper of its own,
// for the races over HTTP. Resolves with the status, the headers and the body as JSON.
import http from "node:http";
import { APP_URL } from "./fixtures";

export type AloneAnswer<B> = { status: number; headers: http.IncomingHttpHeaders; body: B };

export function requestAlone<B>(method: string, path: string, payload: unknown, headers: Record<string, string> = {}): Promise<AloneAnswer<B>> {
  const data = payload === undefined ? "" : JSON.stringify(payload);
  const url = new URL(path, APP_URL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as B });
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
