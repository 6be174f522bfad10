// Optimistic redirects only (STYLE.md §5): a visitor with no session cookie at all who opens a
// store dashboard goes straight to sign-in. The real check is requireStoreAdmin in the admin
// layout and adminRoute (lib/http/admin-route.ts) in every admin route; this never decides access.
import { NextResponse, type NextRequest } from "next/server";
import { isSessionCookieName } from "@/lib/auth/session-cookie";

/** Tells the 403 page (app/forbidden.tsx, which gets no params) which store was asked for. */
export const ADMIN_STORE_HEADER = "x-admin-store";

export function proxy(req: NextRequest) {
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

export const config = { matcher: ["/:store/admin", "/:store/admin/:path*"] };
