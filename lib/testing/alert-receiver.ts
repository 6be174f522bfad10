// Test helper: a local HTTP webhook receiver that records every alert posted to it (and can be told
// to refuse for a while, like a receiver that is down).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedAlert = { text: string } & Record<string, unknown>;

export type AlertReceiver = {
  url: string;
  received: ReceivedAlert[];
  /** Answer 503 while true. */
  refuse: boolean;
  close(): Promise<void>;
};

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const receiver = { received: [] as ReceivedAlert[], refuse: false } as AlertReceiver;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (receiver.refuse) return void res.writeHead(503).end("down");
      receiver.received.push(JSON.parse(body) as ReceivedAlert);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}
