// Adds to or sets one cart line and holds exactly its units, and reads the cart back, in one round
// trip (cart_write_line_view: the engine's cart_set_line, all or nothing, then cart_view). A refusal
// changes nothing and becomes an AppError.
// Coalesced holds (HOLD_COALESCING, on by default; docs/coalesced-holds.md): requests for the same
// variant that arrive while a write on it is in flight in this process wait a moment and go to the
// database together as one statement (cart_write_lines_view), which runs cart_write_line_view for
// each in arrival order: one round trip, one lock of the item's row, one commit for the batch.
import { queryRows, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cartViewFromRows, type CartOwner, type CartViewRow } from "@/lib/cart/get-cart-view";
import { MAX_LINE_QUANTITY, type CartView } from "@/lib/cart/schemas";
import { cartRefusal } from "@/lib/cart/cart-refusal";
import { traceOperation } from "@/lib/observability/trace-operation";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/observability/logger";
import { createCoalescer, type Coalescer, type CoalescerTimers, type Outcome } from "@/lib/cart/hold-coalescer";
import { reclaimForWaitlist } from "@/lib/waitlist/reclaim-for-waitlist";

export type SetCartLineInput = CartOwner & {
  variantId: string;
  /** "add": adds quantity to the line; "set": the line becomes quantity (0 removes it). */
  mode: "add" | "set";
  quantity: number;
};

/**
 * The add-to-cart route's one statement: (store, user, guest token hash, variant, mode, quantity,
 * line cap, now). The benchmark's database-only ceiling sends this same text.
 */
export const CART_WRITE_SQL = `SELECT * FROM cart_write_line_view($1, $2::text, $3::text, $4, $5, $6::int, $7::int, $8::timestamp(3))`;

export type CartWriteRow = CartViewRow & {
  code: string;
  available: number | null;
  limit_value: number | null;
  release_at: Date | null;
  held: number | null;
};

/** How setCartLine goes to the database; the default follows HOLD_COALESCING (lib/env.ts). */
export type SetCartLineOptions = { coalesce?: boolean };

/** Returns the cart view after the change. */
export async function setCartLine(deps: { db: Db; now: Date }, input: SetCartLineInput, options: SetCartLineOptions = {}): Promise<CartView> {
  const attrs = { "shop.store_id": input.storeId, "shop.sku_count": 1, "shop.variant_id": input.variantId, "shop.mode": input.mode, "shop.quantity": input.quantity };
  const coalesce = options.coalesce ?? getEnv().HOLD_COALESCING;
  return traceOperation("inventory.hold", attrs, () => {
    checkCartLineInput(input);
    return coalesce ? cartWriteCoalescerFor(deps.db).submit(coalescingKey(input), { input, now: deps.now }) : writeCartLine(deps, input);
  });
}

export function checkCartLineInput(input: SetCartLineInput) {
  if (!input.userId && !input.tokenHash) throw new Error("setCartLine needs a user or a guest token");
  if (!Number.isInteger(input.quantity) || input.quantity < 0 || input.quantity > MAX_LINE_QUANTITY) {
    throw new AppError("INVALID_INPUT", `Quantity must be a whole number from 0 to ${MAX_LINE_QUANTITY}.`);
  }
}

/** The one-request path: cart_write_line_view. */
export async function writeCartLine(deps: { db: Db; now: Date }, input: SetCartLineInput): Promise<CartView> {
  checkCartLineInput(input);
  const rows = await queryRows<CartWriteRow>(deps.db, CART_WRITE_SQL, [
    input.storeId,
    input.userId,
    input.tokenHash,
    input.variantId,
    input.mode,
    input.quantity,
    MAX_LINE_QUANTITY,
    deps.now.toISOString(),
  ]);
  // A refused write is rolled back whole, lapsed holds it reclaimed included: give them to the
  // item's waitlist now, if it has one (docs/waitlist.md). Never to this shopper: they were refused.
  if (rows[0]?.code === "INSUFFICIENT_STOCK") await reclaimForWaitlist(deps, input.variantId);
  return cartWriteOutcome(rows, deps.now, input.storeId);
}

/** One write's rows (cart_write_line_view's, or one request's share of cart_write_lines_view's) as the cart or its refusal. */
export function cartWriteOutcome(rows: readonly CartWriteRow[], now: Date, storeId: string): CartView {
  const r = rows[0];
  if (!r) throw new Error("cart_write_line returned no row");
  switch (r.code) {
    case "OK":
      return cartViewFromRows(rows, now, storeId);
    case "INSUFFICIENT_STOCK": {
      // The shopper's own live hold counts for them: they could have it plus what is free.
      const available = (r.held ?? 0) + Math.max(0, r.available ?? 0);
      const message = available === 0 ? "Sorry, this item is sold out." : `Only ${available} left.`;
      throw new AppError("INSUFFICIENT_STOCK", message, { available });
    }
    case "NOT_FOUND":
      throw new AppError("NOT_FOUND", "Product not found.");
    default:
      // NO_CART only without any identity: stale guest tokens are detached by cart_write_line first.
      throw cartRefusal(r.code, r) ?? new Error(`cart_write_line answered ${r.code}`);
  }
}

/**
 * The coalesced path's statement: (store, variant, users[], guest token hashes[], modes[],
 * quantities[], line cap, now); request i's rows come back tagged req = i (1-based).
 */
export const CART_WRITE_BATCH_SQL = `SELECT * FROM cart_write_lines_view($1, $2, $3::text[], $4::text[], $5::text[], $6::int[], $7::int, $8::timestamp(3))`;

/** Waits at most this long for others to join a batch (only while the item is busy). */
export const HOLD_COALESCING_MAX_WAIT_MS = 4;
/**
 * At most this many requests in one statement. Each request updates the item's row again inside
 * the batch's one transaction, and every update walks the row versions the earlier ones left (none
 * can be pruned before the commit), so a batch's cost grows faster than its size: measured at 256
 * shoppers on one item, batches of 64 cost PostgreSQL 3.7 ms per hold, of 16 1.3–1.5 ms, of 8
 * 0.9–1.1 ms and of 4 0.9–1.2 ms (bench/README.md, "Coalesced holds").
 */
export const HOLD_COALESCING_MAX_BATCH = 8;

export type CartWriteRequest = { input: SetCartLineInput; now: Date };

export type CartWriteCoalescerOptions = {
  maxWaitMs?: number;
  maxBatch?: number;
  timers?: CoalescerTimers;
  /** Test hook: runs before each batch statement, with the batch (a throw fails that batch). */
  beforeBatch?: (reqs: readonly CartWriteRequest[]) => void | Promise<void>;
  /** Test hook: every batch's size, as it goes out. */
  onBatch?: (size: number) => void;
};

/** The same store and variant: the same inventory item's hot row (a variant holds from one item). */
export function coalescingKey(input: SetCartLineInput): string {
  return `${input.storeId}\u0000${input.variantId}`;
}

/**
 * A coalescer of cart writes on one database client. Errors of a batch statement reach each of its
 * requests as they would alone: unavailable (timeouts, lost connections, deadlocks) answers 503.
 */
export function createCartWriteCoalescer(db: Db, options: CartWriteCoalescerOptions = {}): Coalescer<CartWriteRequest, CartView> {
  return createCoalescer<CartWriteRequest, CartView>({
    maxBatch: options.maxBatch ?? HOLD_COALESCING_MAX_BATCH,
    maxWaitMs: options.maxWaitMs ?? HOLD_COALESCING_MAX_WAIT_MS,
    timers: options.timers,
    runOne: (_key, r) => {
      options.onBatch?.(1);
      return writeCartLine({ db, now: r.now }, r.input);
    },
    runBatch: async (_key, reqs) => {
      options.onBatch?.(reqs.length);
      await options.beforeBatch?.(reqs);
      return writeCartLines(db, reqs);
    },
  });
}

/** Two or more writes on one variant as one statement; each request's outcome in order. */
export async function writeCartLines(db: Db, reqs: readonly CartWriteRequest[]): Promise<Outcome<CartView>[]> {
  const first = reqs[0];
  if (!first) return [];
  if (reqs.some((r) => r.input.storeId !== first.input.storeId || r.input.variantId !== first.input.variantId)) {
    throw new Error("writeCartLines: a batch is one store's one variant");
  }
  // A request with bad input is refused alone (as on the one-request path); the others go.
  const outcomes: Array<Outcome<CartView> | null> = reqs.map((r) => {
    try {
      checkCartLineInput(r.input);
      return null;
    } catch (error) {
      return { ok: false, error };
    }
  });
  const sent = reqs.filter((_, i) => outcomes[i] === null);
  if (sent.length === 0) return outcomes as Outcome<CartView>[];
  // One clock for the batch: the latest of its requests' (a hold never starts before its request).
  const now = new Date(Math.max(...sent.map((r) => r.now.getTime())));
  const rows = await queryRows<CartWriteRow & { req: number }>(db, CART_WRITE_BATCH_SQL, [
    first.input.storeId,
    first.input.variantId,
    sent.map((r) => r.input.userId),
    sent.map((r) => r.input.tokenHash),
    sent.map((r) => r.input.mode),
    sent.map((r) => r.input.quantity),
    MAX_LINE_QUANTITY,
    now.toISOString(),
  ]);
  const byReq = sent.map((): CartWriteRow[] => []);
  for (const row of rows) byReq[row.req - 1]?.push(row);
  // As on the one-request path: a refusal's rolled-back reclaims go to the item's waitlist.
  if (byReq.some((own) => own[0]?.code === "INSUFFICIENT_STOCK")) await reclaimForWaitlist({ db, now }, first.input.variantId);
  let next = 0;
  return outcomes.map((o): Outcome<CartView> => {
    if (o) return o;
    const own = byReq[next++]!;
    try {
      return { ok: true, value: cartWriteOutcome(own, now, first.input.storeId) };
    } catch (error) {
      return { ok: false, error };
    }
  });
}

const coalescers = new WeakMap<Db, Coalescer<CartWriteRequest, CartView>>();

/** The process's coalescer for a client (one per app instance and database). */
export function cartWriteCoalescerFor(db: Db): Coalescer<CartWriteRequest, CartView> {
  let c = coalescers.get(db);
  if (!c) {
    // A debug line per batch (tests and operators see batches form; filtered out at info).
    c = createCartWriteCoalescer(db, { onBatch: (size) => size > 1 && getLogger().debug({ batch: size }, "cart writes coalesced") });
    coalescers.set(db, c);
  }
  return c;
}
