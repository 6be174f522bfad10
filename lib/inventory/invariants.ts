// Test and ops helper: every inventory item that breaks an engine invariant (reserved = the sum of
// ACTIVE holds; stock and reserved = their ledger sums; 0 <= reserved <= stock), with the reasons.
import { measureInventoryDrift, type InventoryDrift } from "@/lib/inventory/reconcile";
import type { SqlDeps } from "@/lib/inventory/sql-client";

export type InvariantViolation = InventoryDrift & { problems: string[] };

export async function checkInvariants(deps: Pick<SqlDeps, "db">, input: { storeId?: string | null } = {}): Promise<InvariantViolation[]> {
  const { drift } = await measureInventoryDrift(deps, input);
  return drift.map((d) => {
    const problems: string[] = [];
    if (d.reserved !== d.activeHeld) problems.push(`reserved ${d.reserved} ≠ active holds ${d.activeHeld}`);
    if (d.stock !== d.ledgerStock) problems.push(`stock ${d.stock} ≠ ledger ${d.ledgerStock}`);
    if (d.reserved !== d.ledgerReserved) problems.push(`reserved ${d.reserved} ≠ ledger ${d.ledgerReserved}`);
    if (d.reserved < 0) problems.push(`reserved ${d.reserved} < 0`);
    if (d.reserved > d.stock) problems.push(`reserved ${d.reserved} > stock ${d.stock}`);
    return { ...d, problems };
  });
}
