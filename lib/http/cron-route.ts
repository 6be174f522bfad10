// cronRoute(): the adapter of the cron routes (Vercel Cron). Exactly `Authorization: Bearer
// $CRON_SECRET`, checked once here in constant time (lib/jobs/cron-auth.ts), else 401; the handler
// gets the request and its deps.
import "server-only";
import type { Deps } from "@/lib/deps";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isCronRequestAuthorized } from "@/lib/jobs/cron-auth";
import { requestDeps } from "@/lib/http/deps";
import { route } from "@/lib/http/route";

export function cronRoute(handler: (call: { req: Request; deps: Deps }) => Promise<Response>): (req: Request, ctx: unknown) => Promise<Response> {
  return route(async (req: Request) => {
    if (!isCronRequestAuthorized({ authorization: req.headers.get("authorization"), url: req.url, secret: getEnv().CRON_SECRET })) {
      throw new AppError("UNAUTHENTICATED", "A valid cron secret is required (Authorization: Bearer).");
    }
    return handler({ req, deps: requestDeps() });
  });
}
