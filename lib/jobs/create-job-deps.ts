// What the cron routes and the CLI hand the jobs: the database, the clock, the configured payment
// providers, the lock pool and the alert channel, all from the environment.
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createPaymentProviders } from "@/lib/payments/create-payment-providers";
import type { JobDeps } from "@/lib/jobs/run-cleanup";
import type { LockPool } from "@/lib/jobs/run-job";
import { createMailTransport } from "@/lib/mail/transport";
import { originWithoutRequest } from "@/lib/public-origin";
import { claimSecretOf } from "@/lib/waitlist/claim-token";

export function createJobDeps(base: { db: Db; now: Date; pool: LockPool }): JobDeps {
  const env = getEnv();
  return {
    ...base,
    jobLock: env.DATABASE_SINGLE_SESSION ? "session" : "transaction",
    payments: createPaymentProviders(base.db, { env }),
    alertWebhookUrl: env.ALERT_WEBHOOK_URL ?? null,
    healthAlertThreshold: env.HEALTH_ALERT_THRESHOLD,
    allowPrivateTargets: env.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
    waitlistMail: {
      transport: createMailTransport({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }),
      // The one public origin (lib/public-origin.ts): APP_URL, else Vercel's production domain, else localhost:$PORT.
      appUrl: originWithoutRequest(env),
      secret: claimSecretOf(env.AUTH_SECRET),
    },
  };
}
