// DELETE /api/stores/{store}/waitlist/{id} → 200 { entry }: the shopper leaves the line (only their
// own entry; anyone else's is 404). A live offer's units pass to the next entry.
import { parseWith } from "@/lib/http/route";
import { shopperJson, shopperRoute } from "@/lib/http/shopper-route";
import { leaveWaitlist } from "@/lib/waitlist/leave-waitlist";
import { waitlistIdSchema } from "@/lib/waitlist/schemas";

export const DELETE = shopperRoute<{ store: string; id: string }>(
  async ({ shopper, params }) => {
    const entryId = parseWith(waitlistIdSchema, params.id);
    const { store, owner } = shopper;
    const entry = await leaveWaitlist(shopper.deps, { storeId: store.id, entryId, userId: owner.userId, guestTokenHash: owner.tokenHash });
    return shopperJson(shopper, { entry });
  },
  { rateLimit: "cart-write" },
);
