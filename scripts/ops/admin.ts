// The admin's commands: accounts, API tokens, and the inventory reconcile check.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { roleSchema } from "@/lib/members/schemas";
import { emailSchema, nameSchema, passwordSchema } from "@/lib/users/schemas";
import { createUser } from "@/lib/users/create-user";
import { findStoreBySlug } from "@/lib/stores/get-store";
import { createApiTokenInputSchema } from "@/lib/tokens/schemas";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { reconcileInventory } from "@/lib/inventory/reconcile";
import { optionalString, requireString, UsageError, type OpsCommand, type OpsValues } from "./types";

function parseOption<T>(schema: z.ZodType<T>, name: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`--${name}: ${r.error.issues[0]?.message ?? "invalid"}`);
  return r.data;
}

async function storeOrFail(ctx: { deps: { db: import("@/lib/db").Db } }, slug: string) {
  const store = await findStoreBySlug(ctx.deps, slug);
  if (!store) throw new AppError("NOT_FOUND", `Store "${slug}" not found.`);
  return store;
}

export const userCreate: OpsCommand = {
  usage: "user create --email E --password P [--name N] [--store SLUG --role ADMIN|OWNER]",
  description: "creates a user, optionally an admin (or owner) of a store",
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    store: { type: "string" },
    role: { type: "string" },
  },
  required: ["email", "password"],
  async run(ctx, values: OpsValues) {
    const email = parseOption(emailSchema, "email", requireString(values, "email"));
    const password = parseOption(passwordSchema, "password", requireString(values, "password"));
    const nameValue = optionalString(values, "name");
    const name = nameValue === undefined ? null : parseOption(nameSchema, "name", nameValue);
    const storeSlug = optionalString(values, "store");
    const roleValue = optionalString(values, "role");
    if (roleValue !== undefined && storeSlug === undefined) throw new UsageError("--role needs --store");
    const role = parseOption(roleSchema, "role", (roleValue ?? "ADMIN").toUpperCase());
    const store = storeSlug === undefined ? null : await storeOrFail(ctx, storeSlug);
    const user = await createUser(ctx.deps, {
      email,
      password,
      name,
      ...(store ? { membership: { storeId: store.id, role } } : {}),
    });
    return {
      ok: true,
      summary: `created user ${user.email} (${user.id})${store ? `, ${role} of ${store.slug}` : ""}`,
      figures: { user, ...(store ? { store: store.slug, role } : {}) },
    };
  },
};

export const tokenCreate: OpsCommand = {
  usage: "token create --store SLUG --name NAME",
  description: "creates an admin API token for a store and prints it (once) on the last line",
  options: { store: { type: "string" }, name: { type: "string" } },
  required: ["store", "name"],
  async run(ctx, values) {
    const slug = requireString(values, "store");
    const { name } = parseOption(createApiTokenInputSchema, "name", { name: requireString(values, "name") });
    const store = await storeOrFail(ctx, slug);
    const { token, secret } = await createApiToken(ctx.deps, { storeId: store.id, name });
    return {
      ok: true,
      summary: `created API token "${token.name}" (${token.id}, ${token.prefix}…) for store ${store.slug}; it is shown once:`,
      figures: { token, store: store.slug, secret },
      lastLine: secret,
    };
  },
};

export const reconcile: OpsCommand = {
  usage: "reconcile [--repair] [--store SLUG]",
  description: "compares every inventory counter with its holds and ledger; lists drift (exit 1 if any remains)",
  options: { repair: { type: "boolean" }, store: { type: "string" } },
  async run(ctx, values) {
    const slug = optionalString(values, "store");
    const store = slug === undefined ? null : await storeOrFail(ctx, slug);
    const repair = values.repair === true;
    const result = await reconcileInventory(ctx.deps, {
      storeId: store?.id ?? null,
      repair,
      actor: { type: "SYSTEM", id: null, label: "ops reconcile" },
      reason: "ops reconcile --repair",
    });
    const drifted = result.drift.length;
    const unrepaired = repair ? drifted - result.repaired : drifted;
    const details = result.drift.map(
      (d) =>
        `drift ${d.storeSlug}/${d.sku} (${d.itemId}): stock ${d.stock} (ledger ${d.ledgerStock}), reserved ${d.reserved} (ledger ${d.ledgerReserved}, active holds ${d.activeHeld})`,
    );
    const summary =
      drifted === 0
        ? `reconcile: ${result.checked} items checked, no drift`
        : repair
          ? `reconcile: ${result.checked} items checked, ${drifted} drifted, ${result.repaired} repaired${unrepaired > 0 ? `, ${unrepaired} left (see --verbose)` : ""}`
          : `reconcile: ${result.checked} items checked, ${drifted} drifted (run with --repair to fix; --verbose lists them)`;
    return {
      ok: unrepaired === 0,
      summary,
      figures: { checked: result.checked, drifted, repaired: result.repaired, drift: result.drift },
      details,
    };
  },
};
