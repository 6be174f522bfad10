// The admin response schemas against the domain functions whose results the routes send: the types
// must be equal (tsc fails on drift either way) and a result of the domain's type parses unchanged.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { getHealth } from "@/lib/health/get-health";
import type { adjustStock } from "@/lib/inventory/adjust-stock";
import type { bulkAdjustStock } from "@/lib/inventory/bulk-adjust-stock";
import type { releaseHold } from "@/lib/inventory/release-hold";
import type { getAdminOrder } from "@/lib/orders/get-admin-order";
import type { listStoreOrders } from "@/lib/orders/list-store-orders";
import type { createApiToken } from "@/lib/tokens/create-api-token";
import type { listApiTokens } from "@/lib/tokens/list-api-tokens";
import type { getStoreSettings } from "./get-store-settings";
import type { listInventory } from "./list-inventory";
import type { listMovements } from "./list-movements";
import type { listReservations } from "./list-reservations";
import * as s from "./response-schemas";

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

describe("admin response schemas", () => {
  it("have the types of the domain results the routes send", () => {
    expectTypeOf<z.infer<typeof s.inventoryPageSchema>>().toEqualTypeOf<Result<typeof listInventory>>();
    expectTypeOf<z.infer<typeof s.adjustedItemSchema>>().toEqualTypeOf<Result<typeof adjustStock>>();
    expectTypeOf<Result<typeof bulkAdjustStock>>().toExtend<z.infer<typeof s.bulkResultSchema>>();
    expectTypeOf<z.infer<typeof s.reservationsPageSchema>>().toEqualTypeOf<Result<typeof listReservations>>();
    expectTypeOf<z.infer<typeof s.releasedHoldSchema>>().toEqualTypeOf<Result<typeof releaseHold>>();
    expectTypeOf<z.infer<typeof s.ordersResponseSchema>>().toEqualTypeOf<Result<typeof listStoreOrders>>();
    expectTypeOf<z.infer<typeof s.movementsPageSchema>>().toEqualTypeOf<Result<typeof listMovements>>();
    expectTypeOf<z.infer<typeof s.adminOrderDetailSchema>>().toEqualTypeOf<Result<typeof getAdminOrder>>();
    expectTypeOf<z.infer<typeof s.healthResponseSchema>>().toEqualTypeOf<Result<typeof getHealth>>();
    expectTypeOf<z.infer<typeof s.storeSettingsViewSchema>>().toEqualTypeOf<Result<typeof getStoreSettings>>();
    expectTypeOf<z.infer<typeof s.apiTokenSchema>[]>().toEqualTypeOf<Result<typeof listApiTokens>>();
    expectTypeOf<z.infer<typeof s.createdTokenResponseSchema>>().toEqualTypeOf<Result<typeof createApiToken>>();
  });

  it("parse a domain result unchanged", () => {
    const page: Result<typeof listReservations> = {
      items: [
        {
          id: "h1",
          sku: "TEE-M",
          quantity: 2,
          status: "ACTIVE",
          expiresAt: "2026-12-05T10:00:00.000Z",
          lapsed: false,
          cartId: "c1",
          orderId: null,
          variantId: "v1",
          productTitle: null,
          variantTitle: "M",
          storeSlug: "demo",
          owned: true,
          createdAt: "2026-12-05T09:50:00.000Z",
          endedAt: null,
        },
      ],
      nextCursor: null,
    };
    expect(s.reservationsPageSchema.parse(page)).toEqual(page);
    const health: Result<typeof getHealth> = {
      score: 90,
      status: "degraded",
      checkedAt: "2026-12-05T10:00:00.000Z",
      checks: [{ name: "lowStock", label: "Low-stock items", status: "warn", value: 3, hint: "Restock." }],
      jobs: [{ job: "cleanup", lastRun: null, lastSuccessAt: null, notYetRun: true, recent: [] }],
    };
    expect(s.healthResponseSchema.parse(health)).toEqual(health);
  });

  it("refuse what the dashboard could not show: an unknown state or a missing field", () => {
    const item = { id: "i1", sku: "A", productTitle: null, variantTitle: null, stock: 1, reserved: 0, available: 1, lowStockThreshold: 0, lowStockThresholdIsDefault: true, owned: true, updatedAt: "x", waitingShoppers: 0, waitingUnits: 0 };
    expect(s.adminInventoryItemSchema.safeParse({ ...item, state: "in_stock" }).success).toBe(true);
    expect(s.adminInventoryItemSchema.safeParse({ ...item, state: "plenty" }).success).toBe(false);
    expect(s.adminInventoryItemSchema.safeParse({ ...item, state: "in_stock", available: undefined }).success).toBe(false);
  });
});
