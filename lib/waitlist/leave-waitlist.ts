// A shopper leaves the line: only their own entry (by account, else by their guest cookie); another's
// or an unknown id is 404. A live offer's units pass to the next entry (waitlist_leave).
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { readEntryViews } from "@/lib/waitlist/entry-view";
import type { WaitlistEntryView } from "@/lib/waitlist/response-schemas";

export async function leaveWaitlist(
  { db, now }: Deps,
  input: { storeId: string; entryId: string; userId: string | null; guestTokenHash: string | null },
): Promise<WaitlistEntryView> {
  const [r] = await db.$queryRaw<{ code: string }[]>`
    SELECT code FROM waitlist_leave(${input.storeId}, ${input.entryId}, ${input.userId}::text, ${input.guestTokenHash}::text, ${now}::timestamp(3))`;
  if (!r || r.code !== "OK") throw new AppError("NOT_FOUND", "Waitlist entry not found.");
  const [entry] = await readEntryViews(db, { storeId: input.storeId, ids: [input.entryId] });
  if (!entry) throw new AppError("NOT_FOUND", "Waitlist entry not found.");
  return entry;
}

/** The shopper's live entries (WAITING or OFFERED), optionally of one variant. */
export async function listMyWaitlistEntries(
  { db }: Pick<Deps, "db">,
  input: { storeId: string; userId: string | null; guestTokenHash: string | null; variantId?: string },
): Promise<WaitlistEntryView[]> {
  if (!input.userId && !input.guestTokenHash) return [];
  return readEntryViews(db, { storeId: input.storeId, userId: input.userId, guestTokenHash: input.guestTokenHash, variantId: input.variantId, live: true });
}
