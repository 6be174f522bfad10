// Limits and patterns the server and the browser both need, each written once. No imports (no
// zod): a client component can take a number from here without pulling a schema library into the
// shopper's pages. The domain schemas re-export them (lib/cart/schemas.ts and others).

/** Most units of one variant in one cart line (the cart routes, the engine's cart functions' p_max). */
export const MAX_LINE_QUANTITY = 99;

/** Most units one shopper may wait for on one variant's waitlist. */
export const MAX_WAITLIST_QUANTITY = 5;

/** Most units an item's stock may be set to, or moved by in one adjustment. */
export const MAX_STOCK = 1_000_000;

/** A store slug: 1 to 63 lower-case letters, digits or hyphens, not starting with a hyphen. */
export const STORE_SLUG_SOURCE = "[a-z0-9][a-z0-9-]{0,62}";
export const STORE_SLUG_PATTERN = new RegExp(`^${STORE_SLUG_SOURCE}$`);
