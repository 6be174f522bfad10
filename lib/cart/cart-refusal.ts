// The 4xx a cart write answers for the engine's refusal codes, shared by every way into a cart.
import { AppError } from "@/lib/errors";
import { MAX_LINE_QUANTITY } from "@/lib/constants";

/**
 * The refusals a write into a cart shares with every other way into one (a claimed waitlist
 * offer): the engine's code as the shopper's 4xx; null for a code that is not one of them.
 */
export function cartRefusal(code: string, r: { limit_value?: number | null; release_at?: Date | null }, limitAdvice = ""): AppError | null {
  switch (code) {
    case "LIMIT_EXCEEDED": {
      const limit = r.limit_value ?? MAX_LINE_QUANTITY;
      return new AppError("LIMIT_EXCEEDED", `You can have at most ${limit} of this item${limitAdvice}.`, { limit });
    }
    case "NOT_RELEASED": {
      const releaseAt = r.release_at ? r.release_at.toISOString() : null;
      return new AppError("NOT_RELEASED", releaseAt ? `This drop opens at ${releaseAt}.` : "This drop is not open yet.", { releaseAt });
    }
    case "NOT_AVAILABLE":
      return new AppError("NOT_AVAILABLE", "This item is no longer available.");
    case "NO_CART":
      return new AppError("CONFLICT", "Your cart could not be found. Please try again.");
    default:
      return null;
  }
}
