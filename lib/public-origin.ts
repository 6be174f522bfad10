// The app's one public origin, from the environment alone (no request, no Next.js): what the jobs
// put in the links they mail, and the configured part of lib/http/origin.ts's rule for requests.
// - APP_URL when set (required at a production server's start, lib/env.ts appUrlProblem);
// - on Vercel without APP_URL, https://$VERCEL_PROJECT_PRODUCTION_URL;
// - else null: a request's Host decides (lib/http/origin.ts publicOriginOf), and without a request
//   it is this server at http://localhost:<PORT>.
import type { Env } from "@/lib/env";

export type OriginEnv = Pick<Env, "NODE_ENV" | "APP_URL" | "APP_URL_FROM_HOST" | "VERCEL_PROJECT_PRODUCTION_URL">;

/** The configured origin (APP_URL, else Vercel's production domain), or null when the request's Host decides. */
export function configuredOrigin(env: OriginEnv): string | null {
  if (env.APP_URL) return new URL(env.APP_URL).origin;
  if (env.VERCEL_PROJECT_PRODUCTION_URL) return `https://${env.VERCEL_PROJECT_PRODUCTION_URL}`;
  return null;
}

/** The public origin with no request to ask (the jobs, the CLI): the configured origin, else http://localhost:<port>. */
export function originWithoutRequest(env: OriginEnv & Pick<Env, "PORT">, port: number = env.PORT ?? 3000): string {
  return configuredOrigin(env) ?? `http://localhost:${port}`;
}
