import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createTestStore } from "@/lib/testing/cart-fixtures";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";
import { isStoreAdmin, resolveStoreAdmin } from "@/lib/admin/resolve-store-admin";
import { createTestMember } from "@/lib/testing/admin-fixtures";

let t: TestDb;
const now = new Date("2026-11-22T10:00:00.000Z");

describe("resolveStoreAdmin", () => {
  let a: { id: string; slug: string };
  let b: { id: string; slug: string };
  let deps: { db: TestDb["db"]; now: Date };

  beforeAll(async () => {
    t = await createTestDb();
    deps = { db: t.db, now };
    a = await createTestStore(t.db);
    b = await createTestStore(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lets OWNER and ADMIN members in as themselves", async () => {
    for (const role of ["OWNER", "ADMIN"] as const) {
      const m = await createTestMember(t.db, { storeId: a.id, role });
      const r = await resolveStoreAdmin(deps, { storeSlug: a.slug, credentials: { kind: "user", userId: m.id, email: m.email } });
      expect(r.store.id).toBe(a.id);
      expect(r.actor).toEqual({ type: "USER", id: m.id, label: m.email });
    }
  });

  it("answers 401 without credentials, 403 to a non-member, 404 for an unknown store", async () => {
    await expect(resolveStoreAdmin(deps, { storeSlug: a.slug, credentials: null })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const outsider = await createTestMember(t.db, { storeId: b.id });
    await expect(
      resolveStoreAdmin(deps, { storeSlug: a.slug, credentials: { kind: "user", userId: outsider.id, email: outsider.email } }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const m = await createTestMember(t.db, { storeId: a.id });
    await expect(
      resolveStoreAdmin(deps, { storeSlug: "no-such-store", credentials: { kind: "user", userId: m.id, email: m.email } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("accepts a token of this store only, and not once revoked", async () => {
    const { token, secret } = await createApiToken(deps, { storeId: a.id, name: "ERP" });
    const r = await resolveStoreAdmin(deps, { storeSlug: a.slug, credentials: { kind: "token", secret } });
    expect(r.actor).toEqual({ type: "TOKEN", id: token.id, label: `token ERP (${token.prefix}…)` });
    await expect(resolveStoreAdmin(deps, { storeSlug: b.slug, credentials: { kind: "token", secret } })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await expect(
      resolveStoreAdmin(deps, { storeSlug: a.slug, credentials: { kind: "token", secret: "" } }),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await revokeApiToken(deps, { storeId: a.id, tokenId: token.id });
    await expect(resolveStoreAdmin(deps, { storeSlug: a.slug, credentials: { kind: "token", secret } })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("has a boolean form for shared routes", async () => {
    const m = await createTestMember(t.db, { storeId: a.id });
    const { secret } = await createApiToken(deps, { storeId: b.id, name: "B" });
    expect(await isStoreAdmin(deps, { storeId: a.id, credentials: { kind: "user", userId: m.id, email: m.email } })).toBe(true);
    expect(await isStoreAdmin(deps, { storeId: b.id, credentials: { kind: "user", userId: m.id, email: m.email } })).toBe(false);
    expect(await isStoreAdmin(deps, { storeId: b.id, credentials: { kind: "token", secret } })).toBe(true);
    expect(await isStoreAdmin(deps, { storeId: a.id, credentials: { kind: "token", secret } })).toBe(false);
    expect(await isStoreAdmin(deps, { storeId: a.id, credentials: null })).toBe(false);
  });
});
