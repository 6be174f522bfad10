// Every admin write goes through adminWrite: authorize, read the body (capped), and — when the
// request carries an Idempotency-Key — run the write inside lib/idempotency's transaction, so the
// key's record and the write commit together; a repeat gets the first answer
// (`Idempotent-Replayed: true`), the same key with another request 409 CONFLICT.
import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db";
import { MAX_JSON_BYTES, readTextCapped } from "@/lib/http/route";
import { authorizeStoreAdmin, type StoreAdmin } from "@/lib/auth/admin";
import { requestFingerprint, runIdempotent, type StoredAnswer } from "@/lib/idempotency/run-idempotent";
import { adminJson, requestDeps } from "./respond";

export type WriteDeps = { db: Prisma.TransactionClient | ReturnType<typeof requestDeps>["db"]; now: Date };

export type AdminWriteContext = StoreAdmin & {
  /** The raw body (may be empty). */
  text: string;
  /** Parses the body as JSON; an empty or malformed body is 400. */
  json: () => unknown;
  deps: WriteDeps;
};

export type AdminWriteOptions = {
  maxBytes?: number;
  /** Resolves the store admin; defaults to session or token (authorizeStoreAdmin). */
  authorize?: (req: Request, storeSlug: string) => Promise<StoreAdmin>;
};

export async function adminWrite(
  req: Request,
  storeSlug: string,
  write: (ctx: AdminWriteContext) => Promise<StoredAnswer>,
  options: AdminWriteOptions = {},
): Promise<Response> {
  const admin = await (options.authorize ?? authorizeStoreAdmin)(req, storeSlug);
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
  const base = requestDeps();
  if (key === null) {
    const answer = await write({ ...admin, text, json, deps: base });
    return adminJson(answer.body, { status: answer.status });
  }
  const url = new URL(req.url);
  const answer = await runIdempotent(
    base,
    { storeId: admin.store.id, key, fingerprint: requestFingerprint(req.method, `${url.pathname}${url.search}`, text) },
    (tx) => write({ ...admin, text, json, deps: tx }),
  );
  return adminJson(answer.body, { status: answer.status, headers: answer.replayed ? { "Idempotent-Replayed": "true" } : {} });
}
