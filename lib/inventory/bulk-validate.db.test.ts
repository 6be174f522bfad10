// The validate-only bulk import (?validate=1, the CSV preview) runs the real import in a
// rolled-back transaction: the same row errors as the import, and nothing changes.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { bulkAdjustStock, validateBulkAdjust } from "@/lib/inventory/bulk-adjust-stock";
import { seedItem, seedStore } from "@/lib/testing/inventory-fixtures";

const t = testDbForFile();

const snapshot = async () => ({
  items: await t.db.inventoryItem.findMany({ orderBy: { sku: "asc" } }),
  ledger: await t.db.stockMovement.count(),
  events: await t.db.event.count(),
});

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message, details: (e as { details?: unknown }).details };
  }
  throw new Error("expected a rejection");
};

describe("validate-only bulk import", () => {
  it("reports the import's own row errors and changes nothing", async () => {
    const now = new Date();
    const store = await seedStore(t.db);
    await seedItem(t.db, { storeId: store.id, stock: 5, sku: "V-1" });
    await seedItem(t.db, { storeId: store.id, stock: 0, sku: "V-2" });
    const actor = { type: "SYSTEM" as const };
    const bad = { storeId: store.id, reason: "check", actor, rows: [{ sku: "V-1", stock: 9, line: 2 }, { sku: "NOPE", stock: 1, line: 3 }] };

    const before = await snapshot();
    const validated = await errorOf(validateBulkAdjust(t.db, now, bad));
    expect(await snapshot()).toEqual(before);
    const real = await errorOf(bulkAdjustStock({ db: t.db, now }, bad));
    expect(validated).toEqual(real);
    expect(JSON.stringify(validated.details)).toContain('No inventory item with SKU \\"NOPE\\"');

    const good = { ...bad, rows: [{ sku: "V-1", stock: 9 }, { sku: "V-2", adjust: 4 }] };
    expect(await validateBulkAdjust(t.db, now, good)).toEqual({ updated: 2 });
    expect(await snapshot()).toEqual(before);
    expect(await bulkAdjustStock({ db: t.db, now }, good)).toEqual({ updated: 2 });
    const after = await snapshot();
    expect(after.ledger).toBeGreaterThan(before.ledger);
    expect(after.items.map((i) => i.stock)).toEqual([9, 4]);
  });
});
