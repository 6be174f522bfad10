// adminRoute(): the adapter of every admin API route. The caller — a member's session or a store
// API token (Bearer) — is resolved once, with the store and the role (404 unknown store, 401 no or
// bad credentials, 403 not an OWNER/ADMIN), and handed to the handler with the request's deps.
// An idempotent write (`write`) also reads the body (capped) and, when the request carries an
// Idempotency-Key, runs inside lib/idempotency's transaction, so the key's record and the write
// commit together; a repeat gets the first answer (`Idempotent-Replayed: true`), the same key with
// another request 409 CONFLICT.
import "server-only";
import type { Prisma } from "@/lib/db";
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { getSessionUserOf } from "@/lib/auth/session";
import { resolveStoreAdmin, type AdminCredentials, type StoreAdmin } from "@/lib/admin/resolve-store-admin";
import type { AdminActor } from "@/lib/admin/schemas";
import { requestFingerprint, runIdempotent, type StoredAnswer } from "@/lib/idempotency/run-idempotent";
import { requestDeps } from "@/lib/http/deps";
import { MAX_JSON_BYTES, readTextCapped, route } from "@/lib/http/route";

export type { StoreAdmin, StoredAnswer };
export type SessionAdmin = StoreAdmin & { actor: AdminActor & { type: "USER" } };

type Params = { store: string };
type RouteHandler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export type AdminCall<P, A extends StoreAdmin = StoreAdmin> = { admin: A; deps: Deps; req: Request; params: P };

/** Deps of an idempotent write: the key's transaction when the request has an Idempotency-Key. */
export type WriteDeps = { db: Prisma.TransactionClient | Deps["db"]; now: Date };

export type AdminWriteCall<P> = Omit<AdminCall<P>, "deps"> & {
  deps: WriteDeps;
  /** The raw body (may be empty). */
  text: string;
  /** Parses the body as JSON; an empty or malformed body is 400. */
  json: () => unknown;
};

export type AdminRouteOptions = {
  /** Only a signed-in member will do: an API token gets 403 with this message. */
  sessionOnly?: string;
};

/** An Authorization header wins over the session cookie; a malformed one is an invalid token (401). */
export async function adminCredentialsOf(req: Request): Promise<AdminCredentials> {
  const header = req.headers.get("authorization");
  if (header !== null) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    return { kind: "token", secret: m?.[1] ?? "" };
  }
  const user = await getSessionUserOf(req);
  return user ? { kind: "user", userId: user.id, email: user.email } : null;
}

/** The store and who is acting (404 / 401 / 403, see above). */
export async function resolveAdmin(req: Request, deps: Deps, storeSlug: string, options: AdminRouteOptions = {}): Promise<StoreAdmin> {
  const admin = await resolveStoreAdmin(deps, { storeSlug, credentials: await adminCredentialsOf(req) });
  if (options.sessionOnly !== undefined && admin.actor.type !== "USER") throw new AppError("FORBIDDEN", options.sessionOnly);
  return admin;
}

export function adminRoute<P extends Params = Params>(
  handler: (call: AdminCall<P, SessionAdmin>) => Promise<Response>,
  options: AdminRouteOptions & { sessionOnly: string },
): RouteHandler<P>;
export function adminRoute<P extends Params = Params>(handler: (call: AdminCall<P>) => Promise<Response>, options?: AdminRouteOptions): RouteHandler<P>;
export function adminRoute<P extends Params>(
  handler: ((call: AdminCall<P>) => Promise<Response>) | ((call: AdminCall<P, SessionAdmin>) => Promise<Response>),
  options: AdminRouteOptions = {},
): RouteHandler<P> {
  return route(async (req: Request, ctx: { params: Promise<P> }) => {
    const params = await ctx.params;
    const deps = requestDeps();
    const admin = await resolveAdmin(req, deps, params.store, options);
    // With sessionOnly, resolveAdmin refused every actor but a USER: the handler's SessionAdmin holds.
    return (handler as (call: AdminCall<P>) => Promise<Response>)({ admin, deps, req, params });
  });
}

/**
 * An admin write that honours Idempotency-Key: the handler answers `{ status, body }` (what a
 * replay answers again) instead of a Response. The body is read after authorization, capped at
 * `maxBytes` (413 beyond).
 */
export function adminWriteRoute<P extends Params = Params>(
  handler: (call: AdminWriteCall<P>) => Promise<StoredAnswer>,
  options: AdminRouteOptions & { maxBytes?: number } = {},
): RouteHandler<P> {
  return adminRoute<P>(async ({ admin, deps, req, params }) => {
    const maxBytes = options.maxBytes ?? MAX_JSON_BYTES;
    if (Number(req.headers.get("content-length") ?? "0") > maxBytes) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${maxBytes} bytes.`, { maxBytes });
    }
    const text = await readTextCapped(req, maxBytes);
    const json = () => {
      if (text.trim() === "") throw new AppError("INVALID_INPUT", "A JSON body is required.");
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AppError("INVALID_INPUT", "The body is not valid JSON.");
      }
    };
    const key = req.headers.get("idempotency-key");
    if (key === null) {
      const answer = await handler({ admin, deps, req, params, text, json });
      return adminJson(answer.body, { status: answer.status });
    }
    const url = new URL(req.url);
    const answer = await runIdempotent(
      deps,
      { storeId: admin.store.id, key, fingerprint: requestFingerprint(req.method, `${url.pathname}${url.search}`, text) },
      (tx) => handler({ admin, deps: tx, req, params, text, json }),
    );
    return adminJson(answer.body, { status: answer.status, headers: answer.replayed ? { "Idempotent-Replayed": "true" } : {} });
  }, options);
}

/** Admin data is private and live: never cached by browsers or proxies. */
export function adminJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { "Cache-Control": "no-store", ...init.headers } });
}
