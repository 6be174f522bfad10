// Creates whatever demo data is missing (by store slug, product slug, SKU, email): a second run changes
// nothing and never writes a second opening ledger row. Used by prisma/seed.ts and tests.
import type { Db } from "../../lib/db";
import { hashPassword } from "../../lib/users/password";
import { createInventoryItem } from "../../lib/inventory/create-inventory-item";
import type { Actor } from "../../lib/inventory/actor";
import { DEMO_STORES, DEMO_USERS, type SeedProduct, type SeedStore } from "./catalog";

const DAY_MS = 24 * 60 * 60 * 1000;
const SEED_ACTOR: Actor = { type: "SYSTEM", label: "seed" };

type Counts = { stores: number; products: number; variants: number; items: number; users: number; memberships: number };

async function ensureStore(db: Db, store: SeedStore, counts: Counts): Promise<string> {
  const existing = await db.store.findUnique({ where: { slug: store.slug }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.store.upsert({
    where: { slug: store.slug },
    create: { slug: store.slug, name: store.name, currency: store.currency },
    update: {},
    select: { id: true },
  });
  counts.stores++;
  return created.id;
}

/** The item with its opening ADJUST ledger row, created together (one statement) or not at all. */
async function ensureItem(db: Db, storeId: string, sku: string, stock: number, lowStockThreshold: number | null, counts: Counts): Promise<string> {
  const existing = await db.inventoryItem.findUnique({ where: { storeId_sku: { storeId, sku } }, select: { id: true } });
  if (existing) return existing.id;
  const created = await createInventoryItem({ db, now: new Date() }, { storeId, sku, stock, lowStockThreshold, actor: SEED_ACTOR, reason: "opening stock" });
  counts.items++;
  return created.id;
}

async function ensureProduct(db: Db, storeId: string, product: SeedProduct, position: number, itemIds: Map<string, string>, now: Date, counts: Counts) {
  let found = await db.product.findUnique({ where: { storeId_slug: { storeId, slug: product.slug } }, select: { id: true } });
  if (!found) {
    found = await db.product.create({
      data: {
        storeId,
        slug: product.slug,
        title: product.title,
        description: product.description,
        imageUrl: `/products/${product.image}.svg`,
        status: "ACTIVE",
        releaseAt: product.releaseInDays === undefined ? null : new Date(now.getTime() + product.releaseInDays * DAY_MS),
        perCustomerLimit: product.perCustomerLimit ?? null,
        position,
      },
      select: { id: true },
    });
    counts.products++;
  }
  for (const [index, variant] of product.variants.entries()) {
    const itemId = itemIds.get(variant.sku);
    if (!itemId) throw new Error(`seed: no inventory item for SKU ${variant.sku}`);
    await ensureGrant(db, itemId, storeId, now);
    const listed = await db.variant.findFirst({ where: { productId: found.id, inventoryItemId: itemId }, select: { id: true } });
    if (listed) continue;
    await db.variant.create({
      data: { storeId, productId: found.id, inventoryItemId: itemId, title: variant.title, priceCents: variant.priceCents, position: index },
    });
    counts.variants++;
  }
}

/** A listing of another store's item: that store grants this one the right to list it (SupplierGrant). */
async function ensureGrant(db: Db, itemId: string, resellerStoreId: string, now: Date) {
  const item = await db.inventoryItem.findUniqueOrThrow({ where: { id: itemId }, select: { storeId: true } });
  if (item.storeId === resellerStoreId) return;
  await db.supplierGrant.upsert({
    where: { supplierStoreId_resellerStoreId: { supplierStoreId: item.storeId, resellerStoreId } },
    create: { supplierStoreId: item.storeId, resellerStoreId, since: now },
    update: {},
  });
}

async function ensureUser(db: Db, email: string, name: string, password: string, counts: Counts): Promise<string> {
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return existing.id;
  const created = await db.user.upsert({
    where: { email },
    create: { email, name, passwordHash: await hashPassword(password) },
    update: {},
    select: { id: true },
  });
  counts.users++;
  return created.id;
}

export async function seedDemo(db: Db, now = new Date()): Promise<Counts> {
  const counts: Counts = { stores: 0, products: 0, variants: 0, items: 0, users: 0, memberships: 0 };
  const storeIds = new Map<string, string>();
  for (const store of DEMO_STORES) storeIds.set(store.slug, await ensureStore(db, store, counts));

  // Items first (each store's own), then every store's listings, which may sell another store's items.
  const itemIds = new Map<string, string>();
  for (const store of DEMO_STORES) {
    const storeId = storeIds.get(store.slug)!;
    for (const product of store.products) {
      for (const variant of product.variants) {
        if (variant.stock === undefined) continue; // a listing of a supplier's item
        itemIds.set(variant.sku, await ensureItem(db, storeId, variant.sku, variant.stock, product.lowStockThreshold ?? null, counts));
      }
    }
  }
  for (const store of DEMO_STORES) {
    const storeId = storeIds.get(store.slug)!;
    for (const [position, product] of store.products.entries()) await ensureProduct(db, storeId, product, position, itemIds, now, counts);
  }

  for (const user of DEMO_USERS) {
    const userId = await ensureUser(db, user.email, user.name, user.password, counts);
    if (!user.store) continue;
    const storeId = storeIds.get(user.store)!;
    const member = await db.membership.findUnique({ where: { userId_storeId: { userId, storeId } }, select: { id: true } });
    if (member) continue;
    await db.membership.create({ data: { userId, storeId, role: user.role ?? "OWNER" } });
    counts.memberships++;
  }
  return counts;
}
