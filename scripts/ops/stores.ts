// Stores from the command line: open one (with its owner) and list them.
import { createStore, createStoreInputSchema, listStoresForOps } from "@/lib/stores/create-store";
import { optionalString, requireString, UsageError, type OpsCommand } from "./types";

export const storeCreate: OpsCommand = {
  usage: "store create --slug S --name N [--currency EUR] [--owner-email E]",
  description: "opens a store with default settings; the user (an existing account) becomes its OWNER",
  options: { slug: { type: "string" }, name: { type: "string" }, currency: { type: "string" }, "owner-email": { type: "string" } },
  required: ["slug", "name"],
  async run(ctx, values) {
    const parsed = createStoreInputSchema.safeParse({
      slug: requireString(values, "slug"),
      name: requireString(values, "name"),
      ...(optionalString(values, "currency") !== undefined ? { currency: optionalString(values, "currency")!.toUpperCase() } : {}),
      ...(optionalString(values, "owner-email") !== undefined ? { ownerEmail: optionalString(values, "owner-email") } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const option = issue?.path[0] === "ownerEmail" ? "owner-email" : String(issue?.path[0] ?? "slug");
      throw new UsageError(`--${option}: ${issue?.message ?? "invalid"}`);
    }
    const store = await createStore(ctx.deps, parsed.data);
    return {
      ok: true,
      summary: `created store ${store.slug} (${store.name}, ${store.currency})${store.owner ? `, owner ${store.owner}` : ""}: storefront /${store.slug}, dashboard /${store.slug}/admin`,
      figures: { store },
    };
  },
};

export const storeList: OpsCommand = {
  usage: "store list",
  description: "lists the stores with their currency, product count and owners",
  options: {},
  async run(ctx) {
    const stores = await listStoresForOps(ctx.deps);
    return {
      ok: true,
      summary: `${stores.length} ${stores.length === 1 ? "store" : "stores"}${stores.length ? `: ${stores.map((s) => s.slug).join(", ")}` : ""}`,
      details: stores.map((s) => `${s.slug}\t${s.name}\t${s.currency}\t${s.products} products\towners: ${s.owners.join(", ") || "none"}`),
      figures: { stores },
    };
  },
};
