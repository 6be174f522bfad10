// The end-to-end run's fixed settings, shared by playwright.config.ts, the database preparation
// script (plain Node) and the test fixtures, so all three agree on one database and one URL.

/** Port of the app under test (E2E_PORT lets a second checkout run its own suite alongside). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3200);
export const APP_URL = `http://127.0.0.1:${E2E_PORT}`;

/** The PostgreSQL server the suite runs on (never the app's own DATABASE_URL). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const E2E_DB_NAME = process.env.E2E_DB_NAME ?? "shop_e2e";

/**
 * `url` naming database `name` instead (lib/database-url.ts's withDatabase, for plain Node).
 * @param {string} url @param {string} name
 */
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** @param {string} name */
export function serverDatabaseUrl(name) {
  return withDatabase(TEST_SERVER_URL, name);
}

export const E2E_DATABASE_URL = serverDatabaseUrl(E2E_DB_NAME);

/**
 * E2E_POOLER_URL (npm test's second pass): the app reaches its database through this
 * transaction-mode PgBouncer, as on a managed database's pooled connection string; the suite's
 * own fixtures and the preparation still talk to the server directly.
 */
export const E2E_POOLER_URL = process.env.E2E_POOLER_URL || null;

function appDatabaseUrl() {
  return E2E_POOLER_URL ? withDatabase(E2E_POOLER_URL, E2E_DB_NAME) : E2E_DATABASE_URL;
}

/** The SMTP server mail-checking specs start (e2e/support/smtp-sink.ts); nothing listens otherwise: mail then fails and is retried. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? E2E_PORT + 1000);
export const E2E_SMTP_USER = "e2e-mail";
export const E2E_SMTP_PASSWORD = "e2e-mail-password";

export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789abcdef";
export const E2E_AUTH_SECRET = "e2e-auth-secret-not-for-production-0123456789";

/** The environment the app under test runs with. */
export const E2E_APP_ENV = {
  DATABASE_URL: appDatabaseUrl(),
  ...(E2E_POOLER_URL ? { DATABASE_POOLER: "transaction" } : {}),
  NODE_ENV: "production",
  AUTH_SECRET: E2E_AUTH_SECRET,
  AUTH_URL: APP_URL,
  APP_URL,
  CRON_SECRET: E2E_CRON_SECRET,
  PAYMENT_PROVIDER: "sandbox",
  DATABASE_POOL_SIZE: "10",
  // The suite's loopback client stands in for a reverse proxy on the same host: its X-Forwarded-For
  // picks a spec's own per-IP buckets. Any other address (e2e/security/client-address.spec.ts sends
  // from 127.0.0.5) is a client whose X-Forwarded-For is ignored.
  TRUSTED_PROXIES: "127.0.0.1",
  // Store webhooks reach the tests' local receivers (lib/events/url-guard.test.ts shows the refusal with it off).
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: "true",
  SMTP_URL: `smtp://${E2E_SMTP_USER}:${E2E_SMTP_PASSWORD}@127.0.0.1:${E2E_SMTP_PORT}`,
  MAIL_FROM: "Holdfast e2e <shop@e2e.test>",
};
