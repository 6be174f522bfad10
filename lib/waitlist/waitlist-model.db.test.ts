// Model-based property test of the waitlist on the real server (the engine's own model test,
// lib/inventory/model.db.test.ts, covers the cart and stock paths): random sequences of cart adds
// and shrinks, joins, leaves, claims, stock changes, clock ticks and sweeps over one item, two carts
// and four waiting shoppers, each step checked against a plain in-memory model. After every step:
// reserved = the sum of ACTIVE holds (offers included) and the ledger proves the counters; no unit is
// offered twice (each offer is one hold of one entry); the line is served strictly oldest first.
import fc from "fast-check";
import { expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { getStockLevels } from "@/lib/inventory/availability";
import { sweepLapsedHolds } from "@/lib/inventory/sweep-lapsed-holds";
import { seedItem, seedStore, type SeededItem } from "@/lib/testing/inventory-fixtures";
import { testDbForFile } from "@/lib/testing/test-db";
import { claimWaitlistOffer } from "@/lib/waitlist/claim-offer";
import { signClaimToken } from "@/lib/waitlist/claim-token";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { leaveWaitlist } from "@/lib/waitlist/leave-waitlist";

const TTL_MS = 60_000;
const OFFER_TTL_MS = 30_000;
const T0 = Date.parse("2026-06-01T10:00:00.000Z");
const CARTS = 2;
const SHOPPERS = 4;
const SECRET = "model-secret";
const admin = { type: "USER" as const, id: "admin", label: "model" };

const t = testDbForFile();

// ---- the model -------------------------------------------------------------------------------

type MHold = { owner: string; qty: number; expiresAt: number; status: "ACTIVE" | "RELEASED" | "EXPIRED"; entry?: number };
type MEntry = { shopper: number; qty: number; status: "WAITING" | "OFFERED" | "CLAIMED" | "LAPSED" | "CANCELLED"; offered: number | null; hold?: MHold };

class Model {
  now = T0;
  holds: MHold[] = [];
  lines = [0, 0];
  entries: MEntry[] = [];
  constructor(public stock: number) {}
  clone(): Model {
    const m = new Model(this.stock);
    m.now = this.now;
    const map = new Map<MHold, MHold>();
    m.holds = this.holds.map((h) => {
      const c = { ...h };
      map.set(h, c);
      return c;
    });
    m.lines = [...this.lines];
    m.entries = this.entries.map((e) => ({ ...e, hold: e.hold ? map.get(e.hold) : undefined }));
    return m;
  }
  active() {
    return this.holds.filter((h) => h.status === "ACTIVE");
  }
  reserved() {
    return this.active().reduce((a, h) => a + h.qty, 0);
  }
  free() {
    return this.stock - this.reserved();
  }
  lapsed() {
    return this.active().filter((h) => h.expiresAt <= this.now);
  }
  waiting() {
    return this.entries.filter((e) => e.status === "WAITING");
  }
  live(shopper: number) {
    return this.entries.find((e) => e.shopper === shopper && (e.status === "WAITING" || e.status === "OFFERED"));
  }
  cartHold(cart: number) {
    return this.active().find((h) => h.owner === `cart${cart}`);
  }
  /** A hold ends: an unclaimed offer's entry LAPSES. */
  end(h: MHold, status: "RELEASED" | "EXPIRED") {
    h.status = status;
    const e = this.entries.find((x) => x.hold === h && x.status === "OFFERED" && h.owner === "offer");
    if (e) e.status = "LAPSED";
  }
  /** waitlist_serve: free units to the oldest WAITING entries. */
  serve() {
    for (const e of this.waiting()) {
      const free = this.free();
      if (free <= 0) break;
      const q = Math.min(e.qty, free);
      const h: MHold = { owner: "offer", qty: q, expiresAt: this.now + OFFER_TTL_MS, status: "ACTIVE", entry: this.entries.indexOf(e) };
      this.holds.push(h);
      e.status = "OFFERED";
      e.offered = q;
      e.hold = h;
    }
  }
  reclaim() {
    const lapsed = this.lapsed();
    for (const h of lapsed) this.end(h, "EXPIRED");
    if (lapsed.length > 0) this.serve();
  }
  /** cart_set_line through cart_write_line (all or nothing), then the refusal's reclaim for the line. */
  setLine(cart: number, mode: "add" | "set", q: number): "OK" | "INSUFFICIENT_STOCK" {
    const before = this.clone();
    const r = this.trySetLine(cart, mode, q);
    if (r === "OK") return r;
    Object.assign(this, before);
    if (this.waiting().length > 0 && this.lapsed().length > 0) this.reclaim();
    return r;
  }
  private trySetLine(cart: number, mode: "add" | "set", q: number): "OK" | "INSUFFICIENT_STOCK" {
    const target = mode === "add" ? this.lines[cart]! + q : q;
    let h = this.cartHold(cart);
    if (h && h.expiresAt <= this.now) {
      this.end(h, "EXPIRED");
      this.serve();
      h = undefined;
    }
    const delta = target - (h?.qty ?? 0);
    if (target > 0 || h) {
      if (delta > 0 && this.free() < delta) {
        this.reclaim();
        if (this.free() < delta) return "INSUFFICIENT_STOCK";
      }
    }
    if (!h && target > 0) this.holds.push({ owner: `cart${cart}`, qty: target, expiresAt: this.deadline(cart), status: "ACTIVE" });
    else if (h && target === 0) h.status = "RELEASED";
    else if (h && target !== h.qty) h.qty = target; // a quantity change keeps the deadline (cart_hold_deadline)
    if (h && delta < 0) this.serve();
    this.lines[cart] = target;
    return "OK";
  }
  /** cart_hold_deadline: the line's last deadline while it is ahead, else a full TTL. */
  private deadline(cart: number): number {
    const last = Math.max(-Infinity, ...this.holds.filter((h) => h.owner === `cart${cart}`).map((h) => h.expiresAt));
    return last > this.now ? last : this.now + TTL_MS;
  }
  join(shopper: number, q: number): "OK" | "IN_STOCK" | "CONFLICT" {
    const demand = this.waiting().reduce((a, e) => a + e.qty, 0);
    const shown = Math.max(0, this.free() + this.lapsed().reduce((a, h) => a + h.qty, 0) - demand);
    if (shown >= q) return "IN_STOCK";
    if (this.live(shopper)) return "CONFLICT";
    this.entries.push({ shopper, qty: q, status: "WAITING", offered: null });
    this.serve();
    return "OK";
  }
  leave(shopper: number) {
    const e = this.live(shopper);
    if (!e) return;
    if (e.status === "OFFERED" && e.hold!.status === "ACTIVE") {
      this.end(e.hold!, "RELEASED");
      this.serve();
    }
    e.status = "CANCELLED";
  }
  claim(shopper: number, cart: number): "OK" | "CONFLICT" | "OFFER_EXPIRED" | "NONE" {
    const e = [...this.entries].reverse().find((x) => x.shopper === shopper && x.hold);
    if (!e) return "NONE";
    if (e.status === "CLAIMED") return "CONFLICT";
    if (e.status !== "OFFERED") return "OFFER_EXPIRED";
    const offer = e.hold!;
    if (offer.expiresAt <= this.now) {
      this.end(offer, "EXPIRED");
      this.serve();
      return "OFFER_EXPIRED";
    }
    let own = this.cartHold(cart);
    if (own && own.expiresAt <= this.now) {
      this.end(own, "EXPIRED");
      this.serve();
      own = undefined;
    }
    e.status = "CLAIMED";
    if (!own) {
      offer.owner = `cart${cart}`;
      offer.expiresAt = this.now + TTL_MS;
      this.lines[cart] = offer.qty;
    } else {
      offer.owner = `cart${cart}`;
      offer.status = "RELEASED";
      own.qty += offer.qty;
      own.expiresAt = this.now + TTL_MS;
      this.lines[cart] = own.qty;
    }
    return "OK";
  }
  adjust(a: number): boolean {
    const requested = this.stock + a;
    if (requested < 0) return false;
    if (requested < this.reserved()) this.reclaim();
    if (requested < this.reserved()) return false;
    this.stock = requested;
    if (a > 0) this.serve();
    return true;
  }
}

// ---- the operations --------------------------------------------------------------------------

type Op =
  | { kind: "add"; cart: number; q: number }
  | { kind: "set"; cart: number; q: number }
  | { kind: "join"; shopper: number; q: number }
  | { kind: "leave"; shopper: number }
  | { kind: "claim"; shopper: number; cart: number }
  | { kind: "adjust"; a: number }
  | { kind: "tick"; seconds: number }
  | { kind: "sweep" };

const cartArb = fc.integer({ min: 0, max: CARTS - 1 });
const shopperArb = fc.integer({ min: 0, max: SHOPPERS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("add" as const), cart: cartArb, q: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("set" as const), cart: cartArb, q: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("join" as const), shopper: shopperArb, q: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), shopper: shopperArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("claim" as const), shopper: shopperArb, cart: cartArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("adjust" as const), a: fc.integer({ min: -2, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("tick" as const), seconds: fc.integer({ min: 5, max: 70 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const) }) },
);

// ---- the system under test -------------------------------------------------------------------

let world: { storeId: string; item: SeededItem; carts: { tokenHash: string }[]; guests: string[] } | undefined;

async function resetWorld(stock: number) {
  if (!world) {
    const store = await seedStore(t.db, { slug: "waitlist-model", reservationTtlSeconds: TTL_MS / 1000 });
    await t.db.store.update({ where: { id: store.id }, data: { offerTtlSeconds: OFFER_TTL_MS / 1000 } });
    const item = await seedItem(t.db, { storeId: store.id, stock: 0, sku: "WL-ITEM", now: new Date(T0) });
    world = { storeId: store.id, item, carts: [{ tokenHash: "wl-cart-0" }, { tokenHash: "wl-cart-1" }], guests: Array.from({ length: SHOPPERS }, (_, i) => `wl-guest-${i}`) };
  }
  await t.db.$executeRaw`
    WITH m AS (DELETE FROM "StockMovement"), w AS (DELETE FROM "WaitlistEntry"), x AS (DELETE FROM "WaitlistMail"),
    h AS (DELETE FROM "Hold"), l AS (DELETE FROM "CartLine"), c AS (DELETE FROM "Cart"),
    i AS (UPDATE "InventoryItem" SET stock = ${stock}, reserved = 0 WHERE id = ${world.item.itemId} RETURNING id, "storeId", stock)
    INSERT INTO "StockMovement" ("storeId", "inventoryItemId", kind, "stockDelta", "reservedDelta", "stockAfter", "reservedAfter", "actorType", reason, "createdAt")
    SELECT "storeId", id, 'ADJUST', stock, 0, stock, 0, 'SYSTEM', 'model reset', ${new Date(T0).toISOString()}::timestamp(3) FROM i`;
  return world;
}

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof AppError ? e.code : Promise.reject(e)));

async function apply(w: NonNullable<typeof world>, m: Model, op: Op): Promise<void> {
  const deps = { db: t.db, now: new Date(m.now) };
  const cartOwner = (c: number) => ({ storeId: w.storeId, userId: null, tokenHash: w.carts[c]!.tokenHash });
  switch (op.kind) {
    case "add":
    case "set": {
      const expected = m.setLine(op.cart, op.kind, op.q);
      expect(await codeOf(setCartLine(deps, { ...cartOwner(op.cart), variantId: w.item.variantId, mode: op.kind, quantity: op.q }))).toBe(expected);
      return;
    }
    case "join": {
      const expected = m.join(op.shopper, op.q);
      const call = joinWaitlist(deps, { storeId: w.storeId, variantId: w.item.variantId, quantity: op.q, user: null, email: `s${op.shopper}@model.test`, guestTokenHash: w.guests[op.shopper]! });
      expect(await codeOf(call)).toBe(expected);
      return;
    }
    case "leave": {
      const entry = await t.db.waitlistEntry.findFirst({ where: { email: `s${op.shopper}@model.test`, status: { in: ["WAITING", "OFFERED"] } } });
      m.leave(op.shopper);
      if (entry) await leaveWaitlist(deps, { storeId: w.storeId, entryId: entry.id, userId: null, guestTokenHash: w.guests[op.shopper]! });
      return;
    }
    case "claim": {
      const entry = await t.db.waitlistEntry.findFirst({ where: { email: `s${op.shopper}@model.test`, offerHoldId: { not: null } }, orderBy: { seq: "desc" } });
      const expected = m.claim(op.shopper, op.cart);
      if (!entry) return expect(expected).toBe("NONE");
      const token = signClaimToken(SECRET, entry.id, entry.offerHoldId!);
      expect(await codeOf(claimWaitlistOffer(deps, { owner: cartOwner(op.cart), token, secret: SECRET }))).toBe(expected);
      return;
    }
    case "adjust": {
      const ok = m.adjust(op.a);
      expect(await codeOf(adjustStock(deps, { storeId: w.storeId, sku: "WL-ITEM", adjust: op.a, reason: "model", actor: admin }))).toBe(ok ? "OK" : "STOCK_BELOW_RESERVED");
      return;
    }
    case "tick":
      m.now += op.seconds * 1000;
      return;
    case "sweep": {
      const lapsed = m.lapsed();
      for (const h of lapsed) m.end(h, "EXPIRED");
      if (lapsed.length > 0) m.serve();
      await sweepLapsedHolds(deps, { yieldToOthers: false });
      return;
    }
  }
}

async function expectMatches(w: NonNullable<typeof world>, m: Model): Promise<void> {
  const [item, holds, entries, lines, violations, levels] = await Promise.all([
    t.db.inventoryItem.findUniqueOrThrow({ where: { id: w.item.itemId }, select: { stock: true, reserved: true } }),
    t.db.hold.findMany({ where: { status: "ACTIVE" }, select: { id: true, quantity: true, expiresAt: true, kind: true, cart: { select: { tokenHash: true } } } }),
    t.db.waitlistEntry.findMany({ orderBy: { seq: "asc" }, select: { email: true, status: true, offeredQuantity: true, offerHoldId: true } }),
    t.db.cartLine.findMany({ select: { quantity: true, cart: { select: { tokenHash: true } } } }),
    checkInvariants({ db: t.db }),
    getStockLevels({ db: t.db, now: new Date(m.now) }, { storeId: w.storeId, variantIds: [w.item.variantId] }),
  ]);
  expect(violations).toEqual([]);
  expect(item).toEqual({ stock: m.stock, reserved: m.reserved() });
  const owner = (tokenHash: string | null | undefined) => (tokenHash ? `cart${w.carts.findIndex((c) => c.tokenHash === tokenHash)}` : "offer");
  expect(holds.map((h) => `${owner(h.cart?.tokenHash)}/${h.quantity}/${h.expiresAt.getTime()}`).sort()).toEqual(m.active().map((h) => `${h.owner}/${h.qty}/${h.expiresAt}`).sort());
  // The line, in order of joining: who is waiting, offered (how many), claimed, lapsed or gone.
  expect(entries.map((e) => `${e.email}/${e.status}/${e.offeredQuantity}`)).toEqual(m.entries.map((e) => `s${e.shopper}@model.test/${e.status}/${e.offered}`));
  // No unit offered twice: every offer hold belongs to exactly one entry.
  const offerIds = entries.map((e) => e.offerHoldId).filter(Boolean);
  expect(new Set(offerIds).size).toBe(offerIds.length);
  expect(lines.map((l) => `${owner(l.cart.tokenHash)}/${l.quantity}`).sort()).toEqual(
    m.lines.flatMap((q, c) => (q > 0 ? [`cart${c}/${q}`] : [])).sort(),
  );
  // Shown availability never promises units the line gets first.
  const demand = m.waiting().reduce((a, e) => a + e.qty, 0);
  expect(levels[0]!.available).toBe(Math.max(0, m.free() + m.lapsed().reduce((a, h) => a + h.qty, 0) - demand));
}

it("the waitlist behaves like the model, step by step", { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(opArb, { minLength: 5, maxLength: 22, size: "max" }), async (stock, ops) => {
      const w = await resetWorld(stock);
      const m = new Model(stock);
      for (const op of ops) {
        await apply(w, m, op);
        await expectMatches(w, m);
      }
    }),
    { numRuns: 25 },
  );
});
