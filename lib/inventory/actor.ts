// Who changed stock, for the ledger and the audit trail: every engine write records its actor.
import type { ActorType } from "@/generated/prisma/client";

export type Actor = { type: "USER" | "TOKEN" | "SYSTEM" | "SHOPPER"; id?: string | null; label?: string | null };

export const SYSTEM_ACTOR: Actor = { type: "SYSTEM", id: null, label: null };

/** The actor as the engine functions' (p_actor_type, p_actor_id, p_actor_label) arguments. */
export function actorArgs(actor: Actor): { type: ActorType; id: string | null; label: string | null } {
  return { type: actor.type, id: actor.id ?? null, label: actor.label ?? null };
}
