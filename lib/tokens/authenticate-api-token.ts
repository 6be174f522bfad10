// Resolves a bearer secret to a live token of the given store (by its sha256), noting its use at
// most once a minute so a busy integration does not write on every request.
import type { Deps } from "@/lib/deps";
import { hashApiToken, isApiTokenFormat } from "@/lib/tokens/api-token";

export const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticatedToken = { id: string; name: string; prefix: string; storeId: string };

export async function authenticateApiToken(
  { db, now }: Deps,
  input: { secret: string; storeId: string },
): Promise<AuthenticatedToken | null> {
  if (!isApiTokenFormat(input.secret)) return null;
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(input.secret) },
    select: { id: true, name: true, prefix: true, storeId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!token || token.revokedAt !== null || token.storeId !== input.storeId) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt <= staleBefore) {
    // Guarded so concurrent requests write once per minute at most.
    await db.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: token.id, name: token.name, prefix: token.prefix, storeId: token.storeId };
}
