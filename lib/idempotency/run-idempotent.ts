// Safe retries for admin writes (API.md "Safe writes for integrations"): an Idempotency-Key is
// remembered per store for 24 h with a hash of the request (method, path, body) and the first
// answer. The record is claimed in the SAME transaction as the write it guards, so either both
// commit or neither: a repeat with the same key and body replays the stored answer and changes
// nothing; the same key with another request is 409 CONFLICT. A concurrent repeat waits on the
// first one's claim (the unique index) and then replays its answer. A refused write (4xx) rolls
// the claim back with it, so a corrected retry may reuse the key.
import { createHash } from "node:crypto";
import type { Db, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type StoredAnswer = { status: number; body: unknown };
export type IdempotentAnswer = StoredAnswer & { replayed: boolean };
type TxDeps = { db: Prisma.TransactionClient; now: Date };

/** sha256 of what makes two requests "the same": method, path and the exact body. */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${body}`).digest("hex");
}

export function checkIdempotencyKey(key: string): string {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError("INVALID_INPUT", "Idempotency-Key must be 1 to 255 visible ASCII characters.", {
      fields: [{ path: "Idempotency-Key", message: "1 to 255 visible ASCII characters." }],
    });
  }
  return key;
}

export async function runIdempotent(
  deps: { db: Db; now: Date },
  input: { storeId: string; key: string; fingerprint: string },
  write: (deps: TxDeps) => Promise<StoredAnswer>,
): Promise<IdempotentAnswer> {
  const key = checkIdempotencyKey(input.key);
  const at = deps.now.toISOString();
  const expires = new Date(deps.now.getTime() + IDEMPOTENCY_TTL_MS).toISOString();
  return deps.db.$transaction(
    async (tx) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const claimed = await tx.$executeRaw`
          INSERT INTO "IdempotencyRecord" (id, "storeId", key, "bodyHash", status, response, "createdAt", "expiresAt")
          VALUES (gen_random_uuid()::text, ${input.storeId}, ${key}, ${input.fingerprint}, 0, 'null'::jsonb,
            ${at}::timestamp(3), ${expires}::timestamp(3))
          ON CONFLICT ("storeId", key) DO NOTHING`;
        if (claimed > 0) {
          const answer = await write({ db: tx, now: deps.now });
          await tx.$executeRaw`
            UPDATE "IdempotencyRecord" SET status = ${answer.status}::int, response = ${JSON.stringify(answer.body ?? null)}::jsonb
            WHERE "storeId" = ${input.storeId} AND key = ${key}`;
          return { ...answer, replayed: false };
        }
        const [seen] = await tx.$queryRaw<Array<{ bodyHash: string; status: number; response: unknown; expiresAt: Date }>>`
          SELECT "bodyHash", status, response, "expiresAt" FROM "IdempotencyRecord"
          WHERE "storeId" = ${input.storeId} AND key = ${key} FOR UPDATE`;
        if (!seen) continue; // removed meanwhile: claim again
        if (seen.expiresAt.getTime() <= deps.now.getTime()) {
          await tx.$executeRaw`DELETE FROM "IdempotencyRecord" WHERE "storeId" = ${input.storeId} AND key = ${key}`;
          continue;
        }
        if (seen.bodyHash !== input.fingerprint) {
          throw new AppError("CONFLICT", "This Idempotency-Key was already used for another request; use a new key.", { field: "Idempotency-Key" });
        }
        return { status: seen.status, body: seen.response, replayed: true };
      }
      throw new AppError("UNAVAILABLE", "The Idempotency-Key could not be claimed; retry shortly.", undefined, { retryAfter: 1 });
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

/** Forgets keys past their 24 h (the cleanup job may call it; a lapsed key is also replaced on reuse). */
export async function purgeExpiredIdempotencyRecords(deps: { db: Db; now: Date }): Promise<number> {
  return deps.db.$executeRaw`DELETE FROM "IdempotencyRecord" WHERE "expiresAt" <= ${deps.now.toISOString()}::timestamp(3)`;
}
