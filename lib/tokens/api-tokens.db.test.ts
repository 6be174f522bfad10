import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createTestStore } from "@/lib/testing/cart-fixtures";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";
import { revokeApiToken } from "@/lib/tokens/revoke-api-token";
import { authenticateApiToken } from "@/lib/tokens/authenticate-api-token";

let t: TestDb;
const now = new Date("2026-11-22T10:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("API tokens", () => {
  let a: { id: string };
  let b: { id: string };

  beforeAll(async () => {
    t = await createTestDb();
    a = await createTestStore(t.db);
    b = await createTestStore(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("are stored as a sha256 hash and a display prefix, never the secret", async () => {
    const { token, secret } = await createApiToken({ db: t.db, now }, { storeId: a.id, name: "ERP" });
    expect(secret).toMatch(/^shop_[A-Za-z0-9_-]{32}$/);
    expect(token).toEqual({
      id: token.id,
      name: "ERP",
      prefix: secret.slice(0, 10),
      createdAt: now.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await listApiTokens({ db: t.db }, { storeId: a.id });
    expect(listed.find((x) => x.id === token.id)).toEqual(token);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(10));
  });

  it("authenticate only for their own store, until revoked", async () => {
    const { token, secret } = await createApiToken({ db: t.db, now }, { storeId: a.id, name: "POS" });
    expect(await authenticateApiToken({ db: t.db, now }, { secret, storeId: a.id })).toMatchObject({
      id: token.id,
      name: "POS",
      storeId: a.id,
    });
    expect(await authenticateApiToken({ db: t.db, now }, { secret, storeId: b.id })).toBeNull();
    expect(
      await authenticateApiToken(
        { db: t.db, now },
        { secret: secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A"), storeId: a.id },
      ),
    ).toBeNull();
    expect(await authenticateApiToken({ db: t.db, now }, { secret: "garbage", storeId: a.id })).toBeNull();

    // Another store cannot revoke it (not found), its own store can; then it stops working.
    await expect(revokeApiToken({ db: t.db, now }, { storeId: b.id, tokenId: token.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await authenticateApiToken({ db: t.db, now }, { secret, storeId: a.id })).not.toBeNull();
    const revoked = await revokeApiToken({ db: t.db, now: at(1000) }, { storeId: a.id, tokenId: token.id });
    expect(revoked.revokedAt).toBe(at(1000).toISOString());
    expect(await authenticateApiToken({ db: t.db, now: at(2000) }, { secret, storeId: a.id })).toBeNull();
    // Revoking again keeps the first time.
    expect((await revokeApiToken({ db: t.db, now: at(5000) }, { storeId: a.id, tokenId: token.id })).revokedAt).toBe(
      at(1000).toISOString(),
    );
    await expect(revokeApiToken({ db: t.db, now }, { storeId: a.id, tokenId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("note their last use at most once a minute", async () => {
    const { token, secret } = await createApiToken({ db: t.db, now }, { storeId: a.id, name: "Sync" });
    const lastUsed = async () =>
      (await t.db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.toISOString() ?? null;
    await authenticateApiToken({ db: t.db, now: at(0) }, { secret, storeId: a.id });
    expect(await lastUsed()).toBe(at(0).toISOString());
    await authenticateApiToken({ db: t.db, now: at(30_000) }, { secret, storeId: a.id });
    expect(await lastUsed()).toBe(at(0).toISOString());
    await authenticateApiToken({ db: t.db, now: at(61_000) }, { secret, storeId: a.id });
    expect(await lastUsed()).toBe(at(61_000).toISOString());
  });
});
