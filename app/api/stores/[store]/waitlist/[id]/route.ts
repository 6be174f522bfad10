// DELETE /api/stores/{store}/waitlist/{id} → 200 { entry }: the shopper leaves the line (only their
// own entry; anyone else's is 404). A live offer's units pass to the next entry.
import { parseWith, route } from "@/lib/http/route";
import { resolveWaitlistShopper, waitlistJson } from "@/lib/http/waitlist-shopper";
import { leaveWaitlist } from "@/lib/waitlist/leave-waitlist";
import { waitlistIdSchema } from "@/lib/waitlist/schemas";

type Ctx = { params: Promise<{ store: string; id: string }> };

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveWaitlistShopper(req, ctx.params);
  const id = parseWith(waitlistIdSchema, (await ctx.params).id);
  const entry = await leaveWaitlist(shopper.deps, { storeId: shopper.store.id, entryId: id, userId: shopper.user?.id ?? null, guestTokenHash: shopper.tokenHash });
  return waitlistJson(shopper, { entry });
}, { rateLimit: "cart-write" });
