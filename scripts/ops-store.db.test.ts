// `npm run ops -- store create|list` as an operator runs them (a real process against a test database).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { runOps } from "@/lib/testing/ops-process";
import { createStore } from "@/lib/stores/create-store";

let t: TestDb;

const ops = (...args: string[]) => runOps(t.url, ...args);

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

describe("npm run ops -- store", () => {
  it("store create opens a store with its owner; store list shows it; bad input is exit 2; a taken slug, an unknown owner or a reserved slug create nothing", async () => {
    const owner = await t.db.user.create({ data: { email: "owner@shop.test", passwordHash: "x" }, select: { id: true } });
    const created = await ops("store", "create", "--slug", "alpine-co", "--name", "Alpine Co", "--currency", "eur", "--owner-email", "Owner@Shop.test");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("created store alpine-co (Alpine Co, EUR), owner owner@shop.test");
    const store = await t.db.store.findUniqueOrThrow({ where: { slug: "alpine-co" }, select: { id: true, currency: true, reservationTtlSeconds: true } });
    expect(store).toMatchObject({ currency: "EUR", reservationTtlSeconds: 900 });
    expect(await t.db.membership.findMany({ where: { storeId: store.id }, select: { userId: true, role: true } })).toEqual([{ userId: owner.id, role: "OWNER" }]);

    const list = await ops("store", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ ok: true, stores: [{ slug: "alpine-co", currency: "EUR", products: 0, owners: ["owner@shop.test"] }] });

    // In-process for the refusals (fast): exit 1 for a taken slug or an unknown owner, nothing created.
    const deps = { db: t.db, now: new Date() };
    await expect(createStore(deps, { slug: "alpine-co", name: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createStore(deps, { slug: "beta", name: "Beta", ownerEmail: "nobody@shop.test" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createStore(deps, { slug: "api", name: "Reserved" })).rejects.toThrow(/reserved/);
    await expect(createStore(deps, { slug: "Bad Slug", name: "X" })).rejects.toThrow();
    await expect(createStore(deps, { slug: "nul", name: "a\u0000b" })).rejects.toThrow(/NUL/);
    const bad = await ops("store", "create", "--slug", "Bad Slug", "--name", "X");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--slug");
    expect(await t.db.store.count()).toBe(1);
  });
});
