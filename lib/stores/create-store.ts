// Opens a new store (npm run ops -- store create): default settings, and optionally an existing
// user as its OWNER, in one transaction. It works at once: its storefront at /{slug} and its
// dashboard at /{slug}/admin for its owner.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cleanText, storeSlugSchema } from "@/lib/catalog/admin/schemas";
import { uniqueViolationTarget } from "@/lib/catalog/admin/tx";
import { emailSchema } from "@/lib/users/schemas";

/** First path segments the app itself uses: a store there would be unreachable. */
export const RESERVED_STORE_SLUGS = new Set(["api", "signin", "signup", "signout", "pay", "account", "admin", "_next", "icon", "favicon", "products", "static", "public", "docs"]);

export const createStoreInputSchema = z
  .object({
    slug: storeSlugSchema.refine((s) => !RESERVED_STORE_SLUGS.has(s), { message: "This slug is reserved by the app." }),
    name: cleanText(100, 1),
    currency: z.string().regex(/^[A-Z]{3}$/, { message: "An ISO 4217 code such as EUR." }).default("USD"),
    ownerEmail: emailSchema.optional(),
  })
  .strict();
export type CreateStoreInput = z.input<typeof createStoreInputSchema>;

export type CreatedStore = { id: string; slug: string; name: string; currency: string; owner: string | null };

export async function createStore(deps: { db: Db; now: Date }, raw: CreateStoreInput): Promise<CreatedStore> {
  const input = createStoreInputSchema.parse(raw);
  return deps.db.$transaction(async (tx) => {
    const owner = input.ownerEmail
      ? await tx.user.findUnique({ where: { email: input.ownerEmail }, select: { id: true, email: true } })
      : null;
    if (input.ownerEmail && !owner) throw new AppError("NOT_FOUND", `No user with the email ${input.ownerEmail}; create it first (user create).`);
    let store: { id: string; slug: string; name: string; currency: string };
    try {
      store = await tx.store.create({
        data: { slug: input.slug, name: input.name, currency: input.currency, createdAt: deps.now },
        select: { id: true, slug: true, name: true, currency: true },
      });
    } catch (e) {
      if (uniqueViolationTarget(e) !== null) throw new AppError("CONFLICT", `A store with the slug "${input.slug}" already exists.`, { field: "slug" });
      throw e;
    }
    if (owner) await tx.membership.create({ data: { userId: owner.id, storeId: store.id, role: "OWNER", createdAt: deps.now } });
    return { ...store, owner: owner?.email ?? null };
  });
}

export type StoreSummary = { slug: string; name: string; currency: string; products: number; owners: string[]; createdAt: string };

export async function listStoresForOps(deps: { db: Db }): Promise<StoreSummary[]> {
  const rows = await deps.db.store.findMany({
    orderBy: { slug: "asc" },
    select: {
      slug: true,
      name: true,
      currency: true,
      createdAt: true,
      _count: { select: { products: true } },
      memberships: { where: { role: "OWNER" }, select: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    currency: r.currency,
    products: r._count.products,
    owners: r.memberships.map((m) => m.user.email),
    createdAt: r.createdAt.toISOString(),
  }));
}
