// The app's one public origin: what payment return links, the sandbox's pay page, webhooks the app
// sends to itself and the cookies' Secure flag follow.
// - APP_URL when set (required at a production server's start, lib/env.ts appUrlProblem);
// - on Vercel without APP_URL, https://$VERCEL_PROJECT_PRODUCTION_URL;
// - in development and local runs (APP_URL_FROM_HOST=1: start:embedded, quickstart), the Host the
//   browser used, so localhost, 127.0.0.1 and a LAN address each keep their own cookies and links.
// - without a request (the jobs, the CLI) and no configured origin, http://localhost:<port>.
// X-Forwarded-Host / X-Forwarded-Proto are never read for it: any client can write them.
// The environment-only part lives in lib/public-origin.ts (the jobs use it outside Next.js).
import "server-only";
import { getEnv, type Env } from "@/lib/env";
import { currentPeer, ownListeningPort, ownServerOrigin } from "@/lib/http/peer";
import { configuredOrigin as configuredOriginOf, originWithoutRequest as originWithoutRequestOf, type OriginEnv } from "@/lib/public-origin";

/** host[:port] as a browser sends it: a DNS name, an IPv4 address or a bracketed IPv6 address. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The configured origin (APP_URL, else Vercel's production domain), or null when the request's Host decides. */
export function configuredOrigin(env: OriginEnv = getEnv()): string | null {
  return configuredOriginOf(env);
}

/**
 * The public origin for this request (headers of a route's Request, or next/headers' in a page or
 * server action). Falls back to http://localhost:<port> when the Host header is missing or malformed.
 */
export function publicOriginOf(headers: Headers, env: OriginEnv & Pick<Env, "PORT"> = getEnv()): string {
  const configured = configuredOrigin(env);
  if (configured) return configured;
  const host = headers.get("host")?.trim() ?? "";
  const scheme = currentPeer()?.tls ? "https" : "http";
  if (HOST.test(host)) return `${scheme}://${host.toLowerCase()}`;
  return `${scheme}://localhost:${localPort(env)}`;
}

/**
 * The public origin when there is no request to ask (the jobs' links in mail, run by the cron
 * routes, the in-process scheduler or the CLI): the configured origin, else http://localhost:<port>.
 */
export function originWithoutRequest(env: OriginEnv & Pick<Env, "PORT"> = getEnv()): string {
  return originWithoutRequestOf(env, localPort(env));
}

function localPort(env: Pick<Env, "PORT">): number {
  return ownListeningPort() ?? env.PORT ?? 3000;
}

/** True when cookies for this origin must be Secure (an https origin), false on plain http (a LAN address). */
export function isSecureOrigin(origin: string): boolean {
  return origin.startsWith("https:");
}

/**
 * Where the app sends requests to itself (the sandbox's webhook): the configured origin, else this
 * server on the loopback interface. Never derived from a request header, so no request can make
 * the server send a signed event elsewhere.
 */
export function selfOrigin(env: OriginEnv & Pick<Env, "PORT"> = getEnv()): string {
  return configuredOrigin(env) ?? ownServerOrigin() ?? `http://127.0.0.1:${env.PORT ?? 3000}`;
}
