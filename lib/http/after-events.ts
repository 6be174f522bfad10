// Webhooks go out right after the request that caused them: a successful write schedules, with
// Next's after() (once the response is sent), one bounded pass of the deliverer (lib/jobs). Bounded
// per process: one pass at a time (a write during a pass asks for one more, at most a few in a
// row), each with a time budget, and none at all while the store database has no enabled endpoint
// (checked at most every few seconds), so a shop without webhooks pays nothing on its hot path.
// Whatever a pass leaves (a receiver down, out of time) the jobs pick up.
import "server-only";
import { after } from "next/server";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { runWebhookDelivery } from "@/lib/jobs/deliver-webhooks";
import { getLogger } from "@/lib/observability/logger";

const PASS_BUDGET_MS = 8_000;
const MAX_PASSES_IN_A_ROW = 3;
const ENDPOINTS_CHECK_MS = 3_000;

let running: Promise<void> | null = null;
let again = false;
let endpointsKnown: { any: boolean; at: number } | null = null;

async function anyEnabledEndpoint(): Promise<boolean> {
  if (endpointsKnown && Date.now() - endpointsKnown.at < ENDPOINTS_CHECK_MS) return endpointsKnown.any;
  const found = await getDb().webhookEndpoint.findFirst({ where: { enabled: true }, select: { id: true } });
  endpointsKnown = { any: found !== null, at: Date.now() };
  return endpointsKnown.any;
}

/** Forget the cached "any endpoint?" answer (an endpoint was just created or enabled here). */
export function noteWebhookEndpointsChanged(): void {
  endpointsKnown = null;
}

function kick(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      if (!(await anyEnabledEndpoint())) return;
      const env = getEnv();
      for (let pass = 0; pass < MAX_PASSES_IN_A_ROW; pass++) {
        again = false;
        await runWebhookDelivery(
          { db: getDb(), now: new Date(), allowPrivateTargets: env.WEBHOOKS_ALLOW_PRIVATE_TARGETS, alertWebhookUrl: env.ALERT_WEBHOOK_URL ?? null },
          { deadline: Date.now() + PASS_BUDGET_MS },
        );
        if (!again) break;
      }
    } catch (e) {
      getLogger().warn({ err: e }, "webhook delivery after the request failed; the jobs will retry");
    } finally {
      running = null;
    }
  })();
  return running;
}

/** Call from a request that may have written events (a successful write). Never throws. */
export function scheduleEventDelivery(): void {
  try {
    after(() => kick());
  } catch {
    // Outside a request (scripts): the jobs deliver.
  }
}
