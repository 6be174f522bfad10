// The only file that reads process.env: every setting parsed and validated once, with defaults.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
// Relative: prisma.config.ts loads this file without the "@/" alias.
import { parseTrustedProxies } from "./http/client-address";

const bool = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "on" || v === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).optional(),
  /** "transaction" when DATABASE_URL is a transaction-mode pooler (also detected from ?pgbouncer=true). */
  DATABASE_POOLER: z.enum(["none", "transaction"]).default("none"),
  /** Set by the embedded launcher (PGlite): every connection shares one session, so job locks are session-level. */
  DATABASE_SINGLE_SESSION: z
    .enum(["0", "1", ""])
    .optional()
    .transform((v) => v === "1"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** ms a request may wait for a pooled connection before answering 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** ms any one statement may run before it is cancelled (answers 503). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Coalesced holds (lib/cart/set-cart-line.ts): on, or off for one statement per add-to-cart. */
  HOLD_COALESCING: bool.default(true),
  AUTH_SECRET: z.string().min(16).optional(),
  AUTH_URL: z.string().url().optional(),
  CRON_SECRET: z.string().min(1).optional(),
  PAYMENT_PROVIDER: z.enum(["sandbox", "stripe"]).default("sandbox"),
  SANDBOX_WEBHOOKS: bool.default(true),
  SANDBOX_WEBHOOK_SECRET: z.string().min(16).optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  /** The app's public origin (links in payments, webhooks to itself, cookies' Secure flag). Required at a production server's start unless the platform gives it (VERCEL_PROJECT_PRODUCTION_URL) or APP_URL_FROM_HOST is on. */
  APP_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), "APP_URL must be an http(s) URL")
    .optional(),
  /** Local runs only (start:embedded, quickstart set it): the public origin is the Host the browser used (never X-Forwarded-*). */
  APP_URL_FROM_HOST: bool.default(false),
  /** The port this server listens on (next start / next dev set it): requests the app sends to itself in a local run. */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Set by Vercel: the deployment's client address comes from Vercel's own header. */
  VERCEL: z.string().optional(),
  /** Set by Vercel: the production domain (no scheme), used as APP_URL when that is unset. */
  VERCEL_PROJECT_PRODUCTION_URL: z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?$/).optional(),
  /** Proxies in front that append X-Forwarded-For: a hop count (1..10) or comma-separated addresses/CIDRs. Unset: none (the socket's address counts). */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : String(e) });
      }
    }),
  DEFAULT_STORE: z.string().optional(),
  /** Outgoing mail (order links, waitlist offers): smtp://user:pass@host:port (smtps:// for TLS); unset: mail is logged. */
  SMTP_URL: z.string().url().refine((v) => /^smtps?:\/\//.test(v), "must be smtp:// or smtps://").optional(),
  /** The From address of outgoing mail. */
  MAIL_FROM: z.string().min(3).default("Holdfast <no-reply@holdfast.invalid>"),
  ALERT_WEBHOOK_URL: z.string().url().optional(),
  /** Let store webhooks target private, loopback and link-local addresses (development, tests). */
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: bool.default(false),
  /** Log level; unset: info (silent under NODE_ENV=test). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** Write the JSON log lines to this file (appended) instead of the console (tests read it). */
  LOG_FILE: z.string().min(1).optional(),
  /** Alert (ALERT_WEBHOOK_URL) when the health score falls below this, once per crossing. */
  HEALTH_ALERT_THRESHOLD: z.coerce.number().int().min(0).max(100).default(80),
  // OpenTelemetry: the SDK reads OTEL_* itself; these decide whether tracing starts at all.
  OTEL_SDK_DISABLED: bool.default(false),
  OTEL_TRACES_EXPORTER: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  // Rate limits (requests per RATE_LIMIT_WINDOW_SECONDS; 0 switches a limit off). Counted in the
  // database, so they hold across instances. Defaults are generous enough for shared IPs (NAT).
  // Sign-in attempts per account are a flood guard; password guessing is stopped by the account
  // lock (lib/users/sign-in-throttle.ts: 10 wrong passwords in 15 minutes).
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_CART_PER_CART: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_CART_PER_IP: z.coerce.number().int().min(0).default(1200),
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_SIGNIN_PER_IP: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_SIGNUP_PER_IP: z.coerce.number().int().min(0).default(20),
  /** Extra origins (comma-separated) allowed to send cookie-authenticated writes besides the app's own. */
  /**
   * in-process: the server runs the cleanup and payment-sync jobs itself every
   * JOBS_INTERVAL_SECONDS (self-hosted; the embedded launcher's default). off: a scheduler outside
   * calls the cron routes or `npm run ops` (Vercel Cron). Always off on Vercel (VERCEL set).
   */
  JOBS_SCHEDULE: z.enum(["in-process", "off"]).default("off"),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  /** The embedded database's data folder (the launcher keeps its URL in database-url beside it). */
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  CSRF_TRUSTED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().url())),
});

export type Env = z.infer<typeof envSchema>;

/**
 * The file where the embedded launcher (scripts/embedded.mjs) writes its database's URL while it
 * runs: beside the data folder (.data/database-url by default). Git-ignored with .data/.
 */
export function embeddedDatabaseUrlFile(dataDir: string | undefined = process.env.PGLITE_DATA_DIR || undefined): string {
  return path.join(path.dirname(path.resolve(dataDir ?? ".data/pglite")), "database-url");
}

/** The running embedded database's URL, or undefined when none runs (no file, or its process is gone). */
export function readEmbeddedDatabaseUrl(dataDir?: string): string | undefined {
  const file = embeddedDatabaseUrlFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const [url, pidLine] = text.split("\n").map((l) => l.trim());
  const pid = Number(/^pid=(\d+)$/.exec(pidLine ?? "")?.[1] ?? 0);
  if (!url || !pid) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return undefined; // the launcher is gone: a stale file
  }
  return url;
}

/** DATABASE_URL, or (unset) the URL of the embedded database a running quickstart wrote down. */
export function resolveDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL || readEmbeddedDatabaseUrl();
}

/** Whether this server runs the jobs itself (never on Vercel, whose Cron calls the routes). */
export function inProcessJobs(env: Env): boolean {
  return env.JOBS_SCHEDULE === "in-process" && !env.VERCEL;
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // A URL found in the embedded launcher's file is the embedded (single-session) database.
  const fromFile = !process.env.DATABASE_URL ? readEmbeddedDatabaseUrl() : undefined;
  const parsed = envSchema.safeParse({
    ...process.env,
    DATABASE_URL: resolveDatabaseUrl(),
    ...(fromFile ? { DATABASE_SINGLE_SESSION: "1" } : {}),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
    const problems: string[] = [];
    if (!env.AUTH_SECRET) problems.push("AUTH_SECRET is required in production (32+ random characters).");
    if (env.CRON_SECRET !== undefined && env.CRON_SECRET.length < 16)
      problems.push("CRON_SECRET must be at least 16 characters in production.");
    if (env.PAYMENT_PROVIDER === "stripe" && (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET))
      problems.push("PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.");
    if (problems.length) throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  cached = env;
  return env;
}

/** Why a production server cannot know its public origin, or null. */
export function appUrlProblem(env: Env): string | null {
  if (env.NODE_ENV !== "production" || env.APP_URL || env.APP_URL_FROM_HOST || env.VERCEL_PROJECT_PRODUCTION_URL) return null;
  return "APP_URL is required in production (the shop's public origin, e.g. https://shop.example.com): payment return links, webhooks to itself and the cookies' Secure flag follow it.";
}

/**
 * Validates the environment at server start (instrumentation.ts). An invalid one prints what is
 * wrong and stops the process, so a misconfigured deployment never serves a request.
 */
export function checkEnvAtStartup(exit: (code: number) => never = (code) => process.exit(code)): Env {
  try {
    const env = getEnv();
    const problem = process.env.NEXT_PHASE === "phase-production-build" ? null : appUrlProblem(env);
    if (problem) throw new Error(`Invalid environment:\n  ${problem}`);
    return env;
  } catch (e) {
    console.error(`\n[env] The server refuses to start. ${e instanceof Error ? e.message : String(e)}\n`);
    return exit(1);
  }
}

/** Tests change process.env between cases; this forgets the parsed copy. */
export function resetEnvForTests() {
  cached = undefined;
}
