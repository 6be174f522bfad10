// Cross-site request forgery guard for cookie-authenticated writes: a browser names the page that
// sent a request (Origin, Sec-Fetch-Site); a write whose sender is another site is refused (403).
// Requests with neither header are not from a browser's cross-site form or fetch, and requests
// with an Authorization header carry their own credentials, not ambient cookies.
// A request's own origin follows the app's one origin rule (lib/http/origin.ts): the configured
// origin (APP_URL, else Vercel's production domain), plus AUTH_URL and CSRF_TRUSTED_ORIGINS; and the
// Host header the request was sent to. X-Forwarded-Host is never read.
import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { configuredOrigin } from "@/lib/http/origin";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Throws 403 FORBIDDEN when a state-changing request comes from another site. */
export function assertSameOrigin(req: Request): void {
  const problem = crossSiteProblem(req);
  if (problem) throw new AppError("FORBIDDEN", `Cross-site request refused: ${problem}.`);
}

/** Why the request looks cross-site, or null if it may proceed. */
export function crossSiteProblem(req: Request, trustedOrigins: readonly string[] = configuredOrigins()): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (req.headers.has("authorization")) return null;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (isOwnOrigin(origin, req, trustedOrigins)) return null;
    return origin === "null" ? "the request has an opaque origin" : "the request was sent by another site";
  }
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return "the request was sent by another site";
  return null;
}

function isOwnOrigin(origin: string, req: Request, trustedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (trustedOrigins.some((t) => sameOrigin(t, url))) return true;
  // Else the sender's host must be the Host this request was sent to (what publicOriginOf reads in a
  // local run; also a Vercel preview's own domain). Never X-Forwarded-Host: the client writes it.
  const host = req.headers.get("host")?.trim() || new URL(req.url).host;
  return url.host.toLowerCase() === host.toLowerCase();
}

function sameOrigin(trusted: string, url: URL): boolean {
  try {
    return new URL(trusted).origin === url.origin;
  } catch {
    return false;
  }
}

function configuredOrigins(): string[] {
  const env = getEnv();
  return [configuredOrigin(env), env.AUTH_URL, ...env.CSRF_TRUSTED_ORIGINS].filter((v): v is string => typeof v === "string");
}
