import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createTestStore } from "@/lib/cart/test-fixtures";
import { createUser } from "@/lib/users/create-user";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { signUpInputSchema } from "@/lib/users/schemas";

let t: TestDb;

describe("accounts", () => {
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("sign up with a scrypt hash, and sign in with the same email in any case", async () => {
    const input = signUpInputSchema.parse({ email: "Grace@Example.test", password: "hopper-1906", name: "Grace" });
    const user = await createUser({ db: t.db }, input);
    expect(user).toEqual({ id: user.id, email: "grace@example.test", name: "Grace" });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("hopper-1906");

    expect(await verifyCredentials({ db: t.db }, { email: "grace@example.test", password: "hopper-1906" })).toEqual(user);
    expect(await verifyCredentials({ db: t.db }, { email: "grace@example.test", password: "hopper-1907" })).toBeNull();
    expect(await verifyCredentials({ db: t.db }, { email: "nobody@example.test", password: "hopper-1906" })).toBeNull();
  });

  it("refuse a second account for the same email with CONFLICT, even when raced", async () => {
    const input = signUpInputSchema.parse({ email: "twice@example.test", password: "12345678", name: "T" });
    const results = await Promise.allSettled([
      createUser({ db: t.db }, input),
      createUser({ db: t.db }, { ...input, email: "TWICE@example.test".toLowerCase() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await t.db.user.count({ where: { email: "twice@example.test" } })).toBe(1);
  });

  it("can make the new user a member of a store", async () => {
    const store = await createTestStore(t.db);
    const user = await createUser(
      { db: t.db },
      { email: "owner@example.test", password: "12345678", membership: { storeId: store.id, role: "OWNER" } },
    );
    expect(await t.db.membership.findMany({ where: { userId: user.id }, select: { storeId: true, role: true } })).toEqual([
      { storeId: store.id, role: "OWNER" },
    ]);
  });
});
