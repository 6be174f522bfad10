// Next.js 16's proxy (formerly middleware), in front of every page:
// 1. A hostile URL is refused before a page renders: a NUL, an unpaired surrogate or a malformed
//    escape in a decoded path segment or query parameter is 400 INVALID_INPUT in API.md's error
//    shape (pages are outside route(), which checks the same for API routes; a page would pass
//    the value to PostgreSQL, which refuses it, and answer 500).
// 2. Optimistic redirects only (STYLE.md §5): a visitor with no session cookie at all who opens a
//    store dashboard goes straight to sign-in. The real check is requireStoreAdmin in the admin
//    layout and adminRoute (lib/http/admin-route.ts) in every admin route; this never decides access.
import { NextResponse, type NextRequest } from "next/server";
import { isSessionCookieName } from "@/lib/auth/session-cookie";
import { hostileUrlProblem } from "@/lib/schemas/hostile-text";

/** Tells the 403 page (app/forbidden.tsx, which gets no params) which store was asked for. */
export const ADMIN_STORE_HEADER = "x-admin-store";

const ADMIN_PATH = /^\/[^/]+\/admin(?:\/|$)/;

export function proxy(req: NextRequest) {
  const problem = hostileUrlProblem(req.nextUrl);
  if (problem) return NextResponse.json({ error: { code: "INVALID_INPUT", message: problem.message } }, { status: 400 });
  if (!ADMIN_PATH.test(req.nextUrl.pathname)) return NextResponse.next();
  if (req.cookies.getAll().some((c) => isSessionCookieName(c.name))) {
    const headers = new Headers(req.headers);
    headers.set(ADMIN_STORE_HEADER, req.nextUrl.pathname.split("/")[1] ?? "");
    return NextResponse.next({ request: { headers } });
  }
  const url = req.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

// Every page; not the API (route() checks its URLs itself, and the hot cart routes skip a proxy
// pass) nor Next's static files.
export const config = { matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico).*)"] };
