// The catalogue's audit trail: one row per change, with who did it and what changed.
import type { Prisma } from "@/lib/db";
import { actorArgs, type Actor } from "@/lib/inventory/actor";
import type { AnyDb } from "@/lib/catalog/admin/tx";

export type CatalogAction =
  | "product.create"
  | "product.update"
  | "variant.add"
  | "variant.update"
  | "variant.delete"
  | "variant.archive"
  | "grant.create"
  | "grant.revoke";

export async function writeAudit(
  db: AnyDb,
  input: { storeId: string; actor: Actor; action: CatalogAction; entityId: string; changes: Record<string, unknown>; now: Date },
): Promise<void> {
  const a = actorArgs(input.actor);
  await db.catalogAudit.create({
    data: {
      storeId: input.storeId,
      actorType: a.type,
      actorId: a.id,
      actorLabel: a.label,
      action: input.action,
      entityId: input.entityId,
      changes: JSON.parse(JSON.stringify(input.changes)) as Prisma.InputJsonValue,
      createdAt: input.now,
    },
  });
}
