// The waitlist's mail, delivered right after the request that may have made an offer (Next's
// after(): the response is not held up). One delivery at a time per instance: requests that end
// while one runs ask for one more pass instead of starting their own, and passes start at least
// PROBE_GAP_MS apart, so a burst of cart writes costs a few cheap probes a second ("is any mail
// due?"), not one per write. The jobs deliver whatever is left.
import "server-only";
import { after } from "next/server";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { originWithoutRequest, publicOriginOf } from "@/lib/http/origin";
import { getLogger } from "@/lib/observability/logger";
import { createMailTransport, type MailTransport } from "@/lib/mail/transport";
import { claimSecretOf } from "@/lib/waitlist/claim-token";
import { deliverWaitlistMail, hasDueWaitlistMail, type WaitlistMailDeps } from "@/lib/waitlist/deliver-waitlist-mail";

/** The least time between two passes' probes: what a burst of writes costs, and the most a mail waits for it. */
export const PROBE_GAP_MS = 250;

let transport: MailTransport | undefined;
let running = false;
let again = false;
let lastProbeAt = 0;

/**
 * What a delivery run needs, from the environment (one transport per process). `origin`: the
 * request's public origin (publicOriginOf); links use it, else the origin without a request.
 */
export function waitlistMailDeps(origin: string | null, now = new Date()): WaitlistMailDeps {
  const env = getEnv();
  transport ??= createMailTransport({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  return {
    db: getDb(),
    now,
    transport,
    appUrl: origin ?? originWithoutRequest(env),
    secret: claimSecretOf(env.AUTH_SECRET),
  };
}

/**
 * The origin of the claim links mailed after this request: the app's one public origin (APP_URL,
 * else Vercel's domain, else in a local run the Host the browser used), never req.url (next start
 * builds it from its bind address and the client's X-Forwarded-Proto).
 */
export function mailOriginOf(req: Request): string {
  return publicOriginOf(req.headers);
}

/** Schedules a delivery pass after this request's response (links: mailOriginOf). */
export function deliverWaitlistMailAfterResponse(req: Request): void {
  try {
    const origin = mailOriginOf(req);
    after(() => pump(origin));
  } catch {
    // Outside a request scope (never in route handlers): the jobs deliver it.
  }
}

async function pump(origin: string): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      const wait = lastProbeAt + PROBE_GAP_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastProbeAt = Date.now();
      const deps = waitlistMailDeps(origin);
      if (!(await hasDueWaitlistMail(deps))) continue;
      await deliverWaitlistMail(deps, { limit: 100 });
    } while (again);
  } catch (e) {
    getLogger().warn({ err: e }, "waitlist mail delivery failed; the jobs will retry");
  } finally {
    running = false;
  }
}
