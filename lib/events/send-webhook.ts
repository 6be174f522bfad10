// One signed POST to a webhook endpoint (Standard Webhooks: webhook-id, webhook-timestamp,
// webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>", signed by the standardwebhooks
// package). Redirects are not followed (a 3xx is a failed attempt), the connection goes only to a
// public address unless private targets are allowed (lib/events/url-guard.ts), and the whole
// attempt has a short time limit. Never throws: the outcome is a status code or an error message.
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import { guardedLookup, literalTargetRefused } from "@/lib/events/url-guard";

export const SEND_TIMEOUT_MS = 5000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export type SendOutcome = { ok: boolean; statusCode: number | null; error: string | null };

export function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
  };
}

export function sendWebhook(
  input: { url: string; secret: string; id: string; body: string; at: Date },
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: SendOutcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return done({ ok: false, statusCode: null, error: "invalid URL" });
    }
    if (literalTargetRefused(url, options.allowPrivate)) {
      return done({ ok: false, statusCode: null, error: "refused: private address" });
    }
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup: guardedLookup(options.allowPrivate) as unknown as typeof import("node:dns").lookup,
        headers: {
          "content-type": "application/json",
          "user-agent": "Holdfast-Webhooks/1",
          ...signatureHeaders(input.secret, input.id, input.at, input.body),
        },
      },
      (res) => {
        const statusCode = res.statusCode ?? 0;
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => done({ ok: statusCode >= 200 && statusCode < 300, statusCode, error: statusCode >= 300 && statusCode < 400 ? "redirect not followed" : null });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs ?? SEND_TIMEOUT_MS} ms`));
    }, options.timeoutMs ?? SEND_TIMEOUT_MS);
    timer.unref?.();
    req.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done({ ok: false, statusCode: null, error: (e.code === "EPRIVATETARGET" ? e.message : e.message || e.code || "request failed").slice(0, 300) });
    });
    req.on("close", () => clearTimeout(timer));
    req.end(input.body);
  });
}
