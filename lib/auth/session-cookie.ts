// The names Auth.js gives its session cookie (plain or __Secure-, whole or chunked .0, .1, …): the
// one place proxy.ts and getSessionUser() learn whether a request could carry a session at all.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export function isSessionCookieName(name: string): boolean {
  return SESSION_COOKIE.test(name);
}

/** True when a Cookie request header carries an Auth.js session cookie. */
export function hasSessionCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => isSessionCookieName(part.slice(0, part.indexOf("=")).trim()));
}
