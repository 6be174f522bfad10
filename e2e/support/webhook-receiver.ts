// A real webhook receiver for the specs: a node:http server on a free loopback port that records
// every request (raw body and headers) and answers `status` (200 unless a spec says otherwise). It
// can go down (`close`: connections refused) and come back on the same port (`reopen`).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type ReceivedRequest = { method: string; path: string; headers: Record<string, string>; body: string; answered: number };

export type WebhookEvent = { id: string; type: string; store: string; createdAt: string; data: Record<string, unknown> };

export class WebhookReceiver {
  /** Every request, in arrival order (including the ones answered with a non-2xx). */
  readonly requests: ReceivedRequest[] = [];
  /** What the next requests are answered with. */
  status = 200;
  private server: Server | null = null;
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    await r.listen(0);
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The requests answered 2xx: what the receiver accepted. */
  get accepted(): ReceivedRequest[] {
    return this.requests.filter((r) => r.answered >= 200 && r.answered < 300);
  }

  /** The accepted requests' bodies, each verified with `secret` (Webhook.verify throws on a bad signature). */
  verifiedEvents(secret: string): WebhookEvent[] {
    const wh = new Webhook(secret);
    return this.accepted.map((r) => {
      const event = wh.verify(r.body, r.headers) as WebhookEvent;
      if (event.id !== r.headers["webhook-id"])
        throw new Error(`webhook-id ${r.headers["webhook-id"]} is not the body's id ${event.id}`);
      return event;
    });
  }

  private listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const answered = this.status;
        this.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: flatHeaders(req), body, answered });
        res.writeHead(answered, { "content-type": "text/plain" }).end(answered < 300 ? "ok" : "unavailable");
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Down: stops listening and drops open connections (the app's next attempt is refused). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Back up, on the same port. */
  async reopen(): Promise<void> {
    if (this.server) return;
    await this.listen(this.port);
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
