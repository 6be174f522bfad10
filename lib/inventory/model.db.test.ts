// Model-based property test of the inventory engine on the real server: random sequences of holds,
// changes, releases, lapses (sweeps and contended reclaims), sells and stock adjustments over three
// carts and three items, each step checked against a plain in-memory model of the same rules.
// Catalogue operations take part too: archiving a product (and publishing it again), changing a
// price, and the supplier taking back (and giving again) its grant — the last item is a supplier's,
// listed by the model's store, so a revoked grant stops new holds on it like an archived product.
// The cart paths' property test (sign-in merges, checkouts racing them, archive / end while held,
// late payments) is lib/cart/cart-paths-model.db.test.ts.
// Coalesced holds too: batches of several carts' writes on one item, some raced by an adjustment.
import fc from "fast-check";
import { expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { bulkAdjustStock } from "@/lib/inventory/bulk-adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { getInventoryItemView } from "@/lib/inventory/inventory-item-view";
import { releaseHold } from "@/lib/inventory/release-hold";
import { releaseHolds } from "@/lib/testing/hold-engine";
import { sellHolds } from "@/lib/testing/hold-engine";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { cartSetLine, seedItem, seedListing, seedStore, type SeededItem } from "@/lib/testing/inventory-fixtures";
import { updateProduct } from "@/lib/catalog/admin/products";
import { updateVariant } from "@/lib/catalog/admin/variants";
import { grantReseller, revokeReseller } from "@/lib/catalog/admin/grants";
import { testDbForFile } from "@/lib/testing/test-db";
import { createCartWriteCoalescer } from "@/lib/cart/set-cart-line";

const TTL_MS = 60_000;
const T0 = Date.parse("2026-05-01T10:00:00.000Z");
const CARTS = 3;
const ITEMS = 3;
const admin = { type: "USER" as const, id: "admin", label: "model" };
/** The item the model's store lists from a supplier store (a reseller listing). */
const SUPPLIED = ITEMS - 1;

const t = testDbForFile();

// ---- the model -------------------------------------------------------------------------------

type HoldStatus = "ACTIVE" | "RELEASED" | "EXPIRED" | "SOLD";
type MHold = { cart: number; item: number; qty: number; expiresAt: number; status: HoldStatus };

class Model {
  now = T0;
  holds: MHold[] = [];
  lines = new Map<string, number>(); // "cart:item" -> quantity
  cartExists = Array.from({ length: CARTS }, () => false);
  /** The item's product is ARCHIVED (no new holds; existing ones run to their end). */
  archived = Array.from({ length: ITEMS }, () => false);
  /** The supplier's grant to the model's store is live (only the supplier's item, the last, depends on it). */
  granted = true;
  constructor(public stock: number[]) {}

  clone(): Model {
    const m = new Model([...this.stock]);
    m.archived = [...this.archived];
    m.granted = this.granted;
    m.now = this.now;
    m.holds = this.holds.map((h) => ({ ...h }));
    m.lines = new Map(this.lines);
    m.cartExists = [...this.cartExists];
    return m;
  }
  active(): MHold[] {
    return this.holds.filter((h) => h.status === "ACTIVE");
  }
  reserved(item: number): number {
    return this.active().filter((h) => h.item === item).reduce((a, h) => a + h.qty, 0);
  }
  lapsedUnits(item: number): number {
    return this.active().filter((h) => h.item === item && h.expiresAt <= this.now).reduce((a, h) => a + h.qty, 0);
  }
  ownHold(cart: number, item: number): MHold | undefined {
    return this.active().find((h) => h.cart === cart && h.item === item);
  }
  /** The engine's reclaim: an item's lapsed cart holds expire. */
  reclaim(item: number) {
    for (const h of this.active()) if (h.item === item && h.expiresAt <= this.now) h.status = "EXPIRED";
  }
  /** inv_move_reserved: growth needs free units, reclaiming lapsed holds once when short. */
  canMove(item: number, delta: number): boolean {
    if (delta <= 0) return true;
    if (this.stock[item]! - this.reserved(item) >= delta) return true;
    this.reclaim(item);
    return this.stock[item]! - this.reserved(item) >= delta;
  }
  setLine(cart: number, item: number, mode: "add" | "set", q: number): "OK" | "INSUFFICIENT_STOCK" | "NOT_AVAILABLE" {
    if (mode === "set" && q === 0 && !this.cartExists[cart]) return "OK";
    this.cartExists[cart] = true;
    const key = `${cart}:${item}`;
    const line = this.lines.get(key) ?? 0;
    const target = mode === "add" ? line + q : q;
    // A line of an archived product, or of a supplier's item without a live grant, is never held
    // again: growing it, or asking again for what it has, is refused before anything moves; a shrink
    // is allowed and releases what the line held (docs/engine-cart-paths.md).
    const sellable = !this.archived[item] && !(item === SUPPLIED && !this.granted);
    if (!sellable && (target > line || (target > 0 && target === line))) return "NOT_AVAILABLE";
    let h = this.ownHold(cart, item);
    if (h && h.expiresAt <= this.now) {
      h.status = "EXPIRED"; // its units may be someone else's now: the line holds afresh
      h = undefined;
    }
    if (!sellable) {
      if (h) h.status = "RELEASED";
      if (target === 0) this.lines.delete(key);
      else this.lines.set(key, target);
      return "OK";
    }
    if (!h) {
      if (target > 0) {
        if (!this.canMove(item, target)) return "INSUFFICIENT_STOCK";
        this.holds.push({ cart, item, qty: target, expiresAt: this.deadline(cart, item), status: "ACTIVE" });
      }
    } else {
      if (!this.canMove(item, target - h.qty)) return "INSUFFICIENT_STOCK";
      if (target === 0) h.status = "RELEASED";
      else h.qty = target; // a quantity change keeps the deadline (issue 17.5)
    }
    if (target === 0) this.lines.delete(key);
    else this.lines.set(key, target);
    return "OK";
  }
  /** cart_hold_deadline: the line's last deadline while it is ahead, else a full TTL. */
  deadline(cart: number, item: number): number {
    const last = Math.max(-Infinity, ...this.holds.filter((h) => h.cart === cart && h.item === item).map((h) => h.expiresAt));
    return last > this.now ? last : this.now + TTL_MS;
  }
  /** inv_adjust: never below zero (no reclaim then), never below held (after reclaiming lapsed holds). */
  adjust(item: number, change: { stock?: number; adjust?: number }): { ok: boolean; stock: number; reserved: number; requested: number } {
    const requested = change.stock ?? this.stock[item]! + change.adjust!;
    if (requested >= 0 && requested < this.reserved(item)) this.reclaim(item);
    const ok = requested >= 0 && requested >= this.reserved(item);
    const before = this.stock[item]!;
    if (ok) this.stock[item] = requested;
    return { ok, stock: ok ? requested : before, reserved: this.reserved(item), requested };
  }
}

// ---- the operations --------------------------------------------------------------------------

type Change = { stock: number } | { adjust: number };
type Op =
  | { kind: "add"; cart: number; item: number; q: number }
  | { kind: "set"; cart: number; item: number; q: number }
  | { kind: "releaseOne"; cart: number; item: number }
  | { kind: "releaseMany"; cart: number; status: "RELEASED" | "EXPIRED" }
  | { kind: "tick"; seconds: number }
  | { kind: "sweep" }
  | { kind: "sell"; cart: number; mask: number }
  | { kind: "adjust"; item: number; change: Change }
  | { kind: "bulk"; rows: Array<{ item: number; change: Change }> }
  | { kind: "archive"; item: number; archived: boolean }
  | { kind: "price"; item: number; priceCents: number }
  | { kind: "grant"; live: boolean }
  // Coalesced holds: several carts' writes on one item as one statement (cart_write_lines_view via
  // the coalescer), optionally raced by a stock adjustment of that item.
  | { kind: "batch"; item: number; reqs: Array<{ cart: number; mode: "add" | "set"; q: number }>; adjust: Change | null };

const cartArb = fc.integer({ min: 0, max: CARTS - 1 });
const itemArb = fc.integer({ min: 0, max: ITEMS - 1 });
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ stock: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ adjust: fc.integer({ min: -6, max: 6 }) }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("add" as const), cart: cartArb, item: itemArb, q: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("set" as const), cart: cartArb, item: itemArb, q: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("releaseOne" as const), cart: cartArb, item: itemArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("releaseMany" as const), cart: cartArb, status: fc.constantFrom("RELEASED" as const, "EXPIRED" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("tick" as const), seconds: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("sell" as const), cart: cartArb, mask: fc.integer({ min: 1, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("adjust" as const), item: itemArb, change: changeArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("bulk" as const),
      rows: fc.uniqueArray(fc.record({ item: itemArb, change: changeArb }), { selector: (r) => r.item, minLength: 1, maxLength: ITEMS }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("archive" as const), item: itemArb, archived: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("price" as const), item: itemArb, priceCents: fc.integer({ min: 0, max: 100_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("grant" as const), live: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("batch" as const),
      item: itemArb,
      reqs: fc.array(
        fc.oneof(
          fc.record({ cart: cartArb, mode: fc.constant("add" as const), q: fc.integer({ min: 1, max: 3 }) }),
          fc.record({ cart: cartArb, mode: fc.constant("set" as const), q: fc.integer({ min: 0, max: 4 }) }),
        ),
        { minLength: 2, maxLength: 6 },
      ),
      adjust: fc.option(changeArb, { freq: 2 }),
    }),
  },
);

// ---- the system under test -------------------------------------------------------------------

type World = { storeId: string; supplierId: string; items: SeededItem[] };

let world: World | undefined;

/** One store and its items for the whole file; each run resets the rows (cheaper than TRUNCATE). */
async function resetWorld(stocks: number[]): Promise<World> {
  if (!world) {
    const store = await seedStore(t.db, { slug: "model", reservationTtlSeconds: TTL_MS / 1000 });
    const supplier = await seedStore(t.db, { slug: "model-supplier" });
    const items: SeededItem[] = [];
    for (let i = 0; i < ITEMS - 1; i++) items.push(await seedItem(t.db, { storeId: store.id, stock: 0, sku: `ITEM-${i}`, now: new Date(T0) }));
    // The last item is the supplier's; the model's store sells it through its own listing (granted).
    const supplied = await seedItem(t.db, { storeId: supplier.id, stock: 0, sku: `ITEM-${SUPPLIED}`, now: new Date(T0) });
    const listing = await seedListing(t.db, { storeId: store.id, itemId: supplied.itemId });
    items.push({ ...supplied, ...listing });
    world = { storeId: store.id, supplierId: supplier.id, items };
  }
  // Every product published again and the grant live again.
  await t.db.product.updateMany({ where: { id: { in: world.items.map((i) => i.productId) } }, data: { status: "ACTIVE" } });
  await t.db.supplierGrant.updateMany({ where: { supplierStoreId: world.supplierId, resellerStoreId: world.storeId }, data: { revokedAt: null } });
  const ids = world.items.map((i) => i.itemId);
  // One statement: forget every cart, hold and movement; set the stocks with their opening ledger rows.
  await t.db.$executeRaw`
    WITH old_movements AS (DELETE FROM "StockMovement"),
    old_holds AS (DELETE FROM "Hold"),
    old_lines AS (DELETE FROM "CartLine"),
    old_carts AS (DELETE FROM "Cart"),
    items AS (
      UPDATE "InventoryItem" i SET stock = v.stock, reserved = 0, "lowStockThreshold" = NULL
      FROM unnest(${ids}::text[], ${stocks}::int[]) AS v(id, stock) WHERE i.id = v.id
      RETURNING i.id, i."storeId", i.stock
    )
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "actorType", reason, "createdAt")
    SELECT "storeId", id, 'ADJUST', stock, 0, stock, 0, 'SYSTEM', 'model reset', ${new Date(T0).toISOString()}::timestamp(3) FROM items`;
  return world;
}

const tokenOf = (cart: number) => `cart-${cart}`;

async function dbActiveHoldsOfCart(cart: number) {
  return t.db.hold.findMany({
    where: { status: "ACTIVE", cart: { tokenHash: tokenOf(cart) } },
    select: { id: true, quantity: true, variantId: true },
    orderBy: { id: "asc" },
  });
}

async function expectRefusal(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => new Error("expected a refusal"),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

async function apply(w: World, m: Model, op: Op): Promise<void> {
  const deps = { db: t.db, now: new Date(m.now) };
  const itemIndex = (variantId: string) => w.items.findIndex((i) => i.variantId === variantId);
  switch (op.kind) {
    case "add":
    case "set": {
      const expected = m.setLine(op.cart, op.item, op.kind, op.q);
      const r = await cartSetLine(t.db, { storeId: w.storeId, token: tokenOf(op.cart), variantId: w.items[op.item]!.variantId, mode: op.kind, quantity: op.q, now: deps.now });
      expect(r.code).toBe(expected);
      return;
    }
    case "releaseOne": {
      const variantId = w.items[op.item]!.variantId;
      const candidates = await t.db.hold.findMany({
        where: { variantId, cart: { tokenHash: tokenOf(op.cart) } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true, status: true },
      });
      const hold = candidates.find((h) => h.status === "ACTIVE") ?? candidates[0];
      if (!hold) return;
      const own = m.ownHold(op.cart, op.item);
      if (own) {
        const released = await releaseHold(deps, { storeId: w.storeId, holdId: hold.id, reason: "model", actor: admin });
        expect(released).toMatchObject({ id: hold.id, status: "RELEASED", quantity: own.qty, sku: `ITEM-${op.item}` });
        own.status = "RELEASED";
      } else {
        await expectRefusal(releaseHold(deps, { storeId: w.storeId, holdId: hold.id, reason: "model", actor: admin }), "CONFLICT");
      }
      return;
    }
    case "releaseMany": {
      const holds = await dbActiveHoldsOfCart(op.cart);
      const mine = m.active().filter((h) => h.cart === op.cart);
      const moved = await releaseHolds(deps, { holdIds: holds.map((h) => h.id), status: op.status, reason: "model", actor: admin });
      expect(moved.length).toBe(mine.length);
      for (const h of mine) h.status = op.status;
      return;
    }
    case "tick":
      m.now += op.seconds * 1000;
      return;
    case "sweep": {
      const lapsed = m.active().filter((h) => h.expiresAt <= m.now);
      const r = await sweepLapsedHolds(deps, { batchSize: 2 });
      expect(r).toMatchObject({ expiredHolds: lapsed.length, releasedUnits: lapsed.reduce((a, h) => a + h.qty, 0), done: true });
      for (const h of lapsed) h.status = "EXPIRED";
      return;
    }
    case "sell": {
      const holds = await dbActiveHoldsOfCart(op.cart);
      const chosen = holds.filter((h) => (op.mask >> itemIndex(h.variantId)) & 1);
      const sold = await sellHolds(deps, { holdIds: chosen.map((h) => h.id), orderId: null, reason: "model", actor: { type: "SYSTEM" } });
      expect(sold.map((s) => s.holdId).sort()).toEqual(chosen.map((h) => h.id).sort());
      for (const h of m.active().filter((x) => x.cart === op.cart && (op.mask >> x.item) & 1)) {
        h.status = "SOLD";
        m.stock[h.item]! -= h.qty;
      }
      // Exactly once: selling them again moves nothing.
      expect(await sellHolds(deps, { holdIds: chosen.map((h) => h.id), reason: "model again", actor: { type: "SYSTEM" } })).toEqual([]);
      return;
    }
    case "adjust": {
      const expected = m.adjust(op.item, op.change);
      const owner = op.item === SUPPLIED ? w.supplierId : w.storeId;
      const call = adjustStock(deps, { storeId: owner, sku: `ITEM-${op.item}`, ...op.change, reason: "model", actor: admin });
      if (expected.ok) {
        const view = await call;
        expect(view).toMatchObject({ stock: m.stock[op.item], reserved: m.reserved(op.item), owned: true });
      } else {
        const e = await expectRefusal(call, "STOCK_BELOW_RESERVED");
        expect(e.details).toEqual({ stock: expected.stock, reserved: expected.reserved, requested: expected.requested });
      }
      return;
    }
    case "batch":
      return applyBatch(w, m, op);
    case "bulk": {
      // All or nothing: simulate on a copy; keep it only when every row succeeds (the engine rolls
      // back even the reclaims of a refused import).
      // The model's store imports only what it owns (the supplier's item is the supplier's to change).
      const rows = op.rows.filter((r) => r.item !== SUPPLIED);
      if (rows.length === 0) return;
      const trial = m.clone();
      const failed = rows.flatMap((r, i) => (trial.adjust(r.item, r.change).ok ? [] : [i + 1]));
      const call = bulkAdjustStock(deps, { storeId: w.storeId, rows: rows.map((r) => ({ sku: `ITEM-${r.item}`, ...r.change })), reason: "model", actor: admin });
      if (failed.length === 0) {
        expect(await call).toEqual({ updated: rows.length });
        m.stock = trial.stock;
        m.holds = trial.holds;
      } else {
        const e = await expectRefusal(call, "STOCK_BELOW_RESERVED");
        expect((e.details as { rows: Array<{ row: number }> }).rows.map((r) => r.row)).toEqual(failed);
      }
      return;
    }
    case "archive": {
      // Archiving (or publishing again) moves no unit: holds stay, only new growth is refused.
      const view = await updateProduct(deps, { storeId: w.storeId, productId: w.items[op.item]!.productId, actor: admin, changes: { status: op.archived ? "ARCHIVED" : "ACTIVE" } });
      expect(view.status).toBe(op.archived ? "ARCHIVED" : "ACTIVE");
      m.archived[op.item] = op.archived;
      return;
    }
    case "price": {
      // A new price moves no unit either (it applies to lines and checkouts from now on).
      const v = await updateVariant(deps, { storeId: w.storeId, productId: w.items[op.item]!.productId, variantId: w.items[op.item]!.variantId, actor: admin, changes: { priceCents: op.priceCents } });
      expect(v.priceCents).toBe(op.priceCents);
      return;
    }
    case "grant": {
      const args = { storeId: w.supplierId, resellerSlug: "model", actor: admin };
      if (op.live) {
        expect((await grantReseller(deps, args)).created).toBe(!m.granted);
      } else if (m.granted) {
        await revokeReseller(deps, args);
      } else {
        await expectRefusal(revokeReseller(deps, args), "NOT_FOUND");
      }
      m.granted = op.live;
      return;
    }
  }
}

/**
 * A batch through the coalescer: the first request runs alone and the others wait for it, then go
 * as one statement (checked). cart_write_line is all or nothing per request: a refusal changes
 * nothing (not even the reclaims it tried), and reports the shopper's own live hold plus what is
 * free. A racing adjustment lands before the batch takes the item's lock or after it commits:
 * between two of its requests (the model tries each place and keeps the one the database shows).
 */
async function applyBatch(w: World, m: Model, op: Extract<Op, { kind: "batch" }>): Promise<void> {
  const deps = { db: t.db, now: new Date(m.now) };
  const sizes: number[] = [];
  const coalescer = createCartWriteCoalescer(t.db, { maxWaitMs: 60_000, maxBatch: 100, onBatch: (n) => sizes.push(n) });
  const variantId = w.items[op.item]!.variantId;
  const writes = Promise.allSettled(
    op.reqs.map((r) =>
      coalescer.submit("item", { input: { storeId: w.storeId, userId: null, tokenHash: tokenOf(r.cart), variantId, mode: r.mode, quantity: r.q }, now: deps.now }),
    ),
  );
  const adjusting = op.adjust
    ? adjustStock(deps, { storeId: op.item === SUPPLIED ? w.supplierId : w.storeId, sku: `ITEM-${op.item}`, ...op.adjust, reason: "model race", actor: admin }).then(
        (v) => ({ ok: true, stock: v.stock, reserved: v.reserved }) as const,
        (e: unknown) => {
          if (!(e instanceof AppError) || e.code !== "STOCK_BELOW_RESERVED") throw e;
          return { ok: false, ...(e.details as { stock: number; reserved: number; requested: number }) } as const;
        },
      )
    : null;
  const [results, adjusted] = await Promise.all([writes, adjusting]);
  expect(sizes).toEqual([1, op.reqs.length - 1]);
  const seen = results.map((r) => {
    if (r.status === "fulfilled") return { code: "OK" };
    if (!(r.reason instanceof AppError)) throw r.reason;
    return { code: r.reason.code, available: (r.reason.details as { available?: number } | undefined)?.available };
  });

  let lastError: unknown = new Error("no place for the racing adjustment matches");
  const places = op.adjust ? Array.from({ length: op.reqs.length + 1 }, (_, k) => k) : [op.reqs.length];
  for (const k of places) {
    const trial = m.clone();
    const expected: Array<{ code: string; available?: number }> = [];
    let adjustOutcome: { ok: boolean; stock: number; reserved: number; requested?: number } | null = null;
    op.reqs.forEach((r, i) => {
      if (i === k && op.adjust) adjustOutcome = trial.adjust(op.item, op.adjust);
      const own = trial.ownHold(r.cart, op.item);
      const ownLive = own && own.expiresAt > trial.now ? own.qty : 0;
      const free = Math.max(0, trial.stock[op.item]! - trial.reserved(op.item) + trial.lapsedUnits(op.item));
      const attempt = trial.clone();
      const code = attempt.setLine(r.cart, op.item, r.mode, r.q);
      if (code === "OK") {
        Object.assign(trial, attempt);
        expected.push({ code });
      } else if (code === "INSUFFICIENT_STOCK") {
        expected.push({ code, available: ownLive + free });
      } else {
        expected.push({ code }); // NOT_AVAILABLE (archived, or the grant revoked) says nothing of stock
      }
    });
    if (k === op.reqs.length && op.adjust) adjustOutcome = trial.adjust(op.item, op.adjust);
    const adjustSeen = adjustOutcome as { ok: boolean; stock: number; reserved: number } | null;
    const adjustMatches =
      // A successful adjustment's view is read after its commit (the batch may run in between): its
      // reserved is not the adjustment's own; a refusal's details are.
      !adjusted ||
      !adjustSeen ||
      (adjusted.ok === adjustSeen.ok && adjusted.stock === adjustSeen.stock && (adjusted.ok || adjusted.reserved === adjustSeen.reserved));
    if (!adjustMatches || JSON.stringify(expected) !== JSON.stringify(seen)) continue;
    try {
      await expectMatches(w, trial);
      Object.assign(m, trial);
      return;
    } catch (e) {
      lastError = e;
    }
  }
  expect({ seen, adjusted }).toEqual({ note: "no order of the batch and the adjustment explains this" });
  throw lastError;
}

async function expectMatches(w: World, m: Model): Promise<void> {
  const ids = w.items.map((i) => i.itemId);
  const at = new Date(m.now);
  // Every read at once (the state does not move between them).
  const [items, holds, lines, views, violations] = await Promise.all([
    t.db.inventoryItem.findMany({ where: { id: { in: ids } }, select: { id: true, stock: true, reserved: true } }),
    t.db.hold.findMany({ where: { status: "ACTIVE" }, select: { quantity: true, expiresAt: true, variantId: true, cart: { select: { tokenHash: true } } } }),
    t.db.cartLine.findMany({ select: { quantity: true, variantId: true, cart: { select: { tokenHash: true } } } }),
    Promise.all(ids.map((itemId) => getInventoryItemView({ db: t.db, now: at }, { storeId: w.storeId, itemId }))),
    // reserved = the sum of ACTIVE holds; stock and reserved = their ledger sums.
    checkInvariants({ db: t.db }),
  ]);
  const counters = ids.map((id) => items.find((i) => i.id === id)).map((i) => [i?.stock, i?.reserved]);
  expect(counters).toEqual(w.items.map((_, i) => [m.stock[i], m.reserved(i)]));
  for (const [stock, reserved] of counters) {
    expect(reserved).toBeGreaterThanOrEqual(0);
    expect(reserved).toBeLessThanOrEqual(stock!);
  }

  const dbHolds = holds.map((h) => `${h.cart?.tokenHash}/${w.items.findIndex((i) => i.variantId === h.variantId)}/${h.quantity}/${h.expiresAt.getTime()}`).sort();
  expect(dbHolds).toEqual(m.active().map((h) => `${tokenOf(h.cart)}/${h.item}/${h.qty}/${h.expiresAt}`).sort());

  const dbLines = lines.map((l) => `${l.cart.tokenHash}/${w.items.findIndex((i) => i.variantId === l.variantId)}/${l.quantity}`).sort();
  expect(dbLines).toEqual([...m.lines].map(([key, q]) => `${tokenOf(Number(key.split(":")[0]))}/${key.split(":")[1]}/${q}`).sort());

  // Shown availability: stock − reserved + lapsed units, swept or not.
  expect(views.map((v) => v.available)).toEqual(w.items.map((_, i) => m.stock[i]! - m.reserved(i) + m.lapsedUnits(i)));
  expect(violations).toEqual([]);
}

it("the engine behaves like the model, step by step", { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: ITEMS, maxLength: ITEMS, size: "max" }), fc.array(opArb, { minLength: 5, maxLength: 25, size: "max" }), async (stocks, ops) => {
      const w = await resetWorld(stocks);
      const m = new Model([...stocks]);
      for (const op of ops) {
        await apply(w, m, op);
        await expectMatches(w, m);
      }
    }),
    { numRuns: 40 },
  );
});
