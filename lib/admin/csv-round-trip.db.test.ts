// An exported inventory CSV can be imported back as it is: read-only columns are ignored and rows
// the store only lists (a supplier's items) are skipped; an edited stock cell is applied.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { exportInventoryCsv } from "@/lib/admin/export-inventory-csv";
import { bulkAdjustStock, parseInventoryCsv } from "@/lib/inventory/bulk-adjust-stock";
import { checkInvariants } from "@/lib/inventory/invariants";
import { seedItem, seedListing, seedStore } from "@/lib/testing/inventory-fixtures";

const t = testDbForFile();

describe("inventory CSV round trip", () => {
  it("re-imports an export unchanged, and applies an edited cell", async () => {
    const deps = { db: t.db, now: new Date() };
    const supplier = await seedStore(t.db);
    const reseller = await seedStore(t.db);
    await seedItem(t.db, { storeId: reseller.id, stock: 12, sku: "OWN-1", lowStockThreshold: 3 });
    await seedItem(t.db, { storeId: reseller.id, stock: 0, sku: "OWN-2" });
    const supplied = await seedItem(t.db, { storeId: supplier.id, stock: 40, sku: "SUP-1" });
    await seedListing(t.db, { storeId: reseller.id, itemId: supplied.itemId });

    const csv = await exportInventoryCsv(deps, { storeId: reseller.id });
    expect(csv).toContain("SUP-1");
    const parsed = parseInventoryCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.sku).sort()).toEqual(["OWN-1", "OWN-2"]);
    const actor = { type: "SYSTEM" as const };
    await bulkAdjustStock(deps, { storeId: reseller.id, rows: parsed.rows, reason: "round trip", actor });
    const stocks = async () =>
      Object.fromEntries((await t.db.inventoryItem.findMany({ select: { sku: true, stock: true } })).map((i) => [i.sku, i.stock]));
    expect(await stocks()).toEqual({ "OWN-1": 12, "OWN-2": 0, "SUP-1": 40 });

    const edited = csv.replace(/^OWN-1,12,/m, "OWN-1,15,");
    expect(edited).not.toBe(csv);
    await bulkAdjustStock(deps, { storeId: reseller.id, rows: parseInventoryCsv(edited).rows, reason: "recount", actor });
    expect(await stocks()).toEqual({ "OWN-1": 15, "OWN-2": 0, "SUP-1": 40 });
    expect(await checkInvariants({ db: t.db })).toEqual([]);
  });
});
