// The end-to-end run's fixed settings, shared by playwright.config.ts, the database preparation
// script (plain Node) and the test fixtures, so all three agree on one database and one URL.

/** Port of the app under test (E2E_PORT lets a second checkout run its own suite alongside). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3200);
export const APP_URL = `http://127.0.0.1:${E2E_PORT}`;

/** The PostgreSQL server the suite runs on (never the app's own DATABASE_URL). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const E2E_DB_NAME = process.env.E2E_DB_NAME ?? "shop_e2e";

/** @param {string} name */
export function serverDatabaseUrl(name) {
  const u = new URL(TEST_SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export const E2E_DATABASE_URL = serverDatabaseUrl(E2E_DB_NAME);

/** The SMTP server the order-link spec starts (nothing listens otherwise: mail then fails quietly). */
export const E2E_SMTP_PORT = E2E_PORT + 1000;
export const E2E_SMTP_USER = "e2e-mail";
export const E2E_SMTP_PASSWORD = "e2e-mail-password";

export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789abcdef";
export const E2E_AUTH_SECRET = "e2e-auth-secret-not-for-production-0123456789";

/** The environment the app under test runs with. */
export const E2E_APP_ENV = {
  DATABASE_URL: E2E_DATABASE_URL,
  NODE_ENV: "production",
  AUTH_SECRET: E2E_AUTH_SECRET,
  AUTH_URL: APP_URL,
  APP_URL,
  CRON_SECRET: E2E_CRON_SECRET,
  PAYMENT_PROVIDER: "sandbox",
  DATABASE_POOL_SIZE: "10",
  SMTP_URL: `smtp://${E2E_SMTP_USER}:${E2E_SMTP_PASSWORD}@127.0.0.1:${E2E_SMTP_PORT}`,
  MAIL_FROM: "Holdfast e2e <orders@shop.test>",
};
