// Claiming an offer from its mailed link: the signed token names the entry and its offer hold; the
// same hold moves into the claimer's cart (the account's, else the guest cookie's, created when
// missing) with a fresh reservation TTL (waitlist_claim). A lapsed offer is 410 OFFER_EXPIRED; an
// offer whose listing can no longer be sold is released and answered as the cart answers (409
// NOT_AVAILABLE, or NOT_RELEASED for a drop moved before its release).
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { getCartView, type CartOwner } from "@/lib/cart/get-cart-view";
import { MAX_LINE_QUANTITY, type CartView } from "@/lib/cart/schemas";
import { cartRefusal } from "@/lib/cart/cart-refusal";
import { verifyClaimToken } from "@/lib/waitlist/claim-token";

export async function claimWaitlistOffer(
  deps: Deps,
  input: { owner: CartOwner; token: string; secret: string },
): Promise<CartView> {
  const claim = verifyClaimToken(input.secret, input.token);
  if (!claim) throw new AppError("NOT_FOUND", "This claim link is not valid.");
  const { owner } = input;
  const [r] = await deps.db.$queryRaw<{ code: string; cart_id: string | null; limit_value: number | null }[]>`
    SELECT code, cart_id, limit_value FROM waitlist_claim(${owner.storeId}, ${claim.entryId}, ${claim.holdId},
      ${owner.userId}::text, ${owner.tokenHash}::text, ${MAX_LINE_QUANTITY}::int, ${deps.now}::timestamp(3))`;
  switch (r?.code) {
    case "OK":
      return getCartView(deps, owner);
    case "NOT_FOUND":
      throw new AppError("NOT_FOUND", "This claim link is not valid.");
    case "SIGN_IN":
      throw new AppError("UNAUTHENTICATED", "Sign in with the account that joined the line to claim this offer.");
    case "FORBIDDEN":
      throw new AppError("FORBIDDEN", "This offer was made to another account.");
    case "CLAIMED":
      throw new AppError("CONFLICT", "This offer was already claimed.");
    case "EXPIRED":
      throw new AppError("OFFER_EXPIRED", "This offer has lapsed: its units went to the next shopper in line.");
    default:
      // LIMIT_EXCEEDED, NOT_AVAILABLE (the listing can no longer be sold: the offer was released and
      // its units passed on), NOT_RELEASED, NO_CART: as the cart refuses an add.
      throw cartRefusal(r?.code ?? "", r ?? {}, "; make room in your cart, then claim again") ?? new Error(`waitlist_claim answered ${r?.code}`);
  }
}
