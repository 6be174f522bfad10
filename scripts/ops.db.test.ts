// The ops CLI as an operator runs it: a real process (tsx scripts/ops.ts …) against a test database,
// checking exit codes (0 ok / 1 failed / 2 usage) and what it prints.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { runOps } from "@/lib/testing/ops-process";
import { createTestProduct, createTestStore } from "@/lib/testing/cart-fixtures";
import { main } from "./ops";

let t: TestDb;

const ops = (...args: string[]) => runOps(t.url, ...args);

const lines = (s: string) => s.trimEnd().split("\n");

describe("npm run ops", () => {
  let store: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestDb();
    store = await createTestStore(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("exits 2 on bad usage, touching nothing", async () => {
    // Two through a real process (the exit status itself), the rest through main() in-process (fast).
    expect((await ops()).code).toBe(2);
    const missing = await ops("user", "create", "--email", "x@example.test");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--password required");
    const silence = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const silenceOut = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await main(["frobnicate"])).toBe(2);
      expect(await main(["user", "create", "--email", "not-an-email", "--password", "12345678"])).toBe(2);
      expect(await main(["user", "create", "--email", "x@example.test", "--password", "short"])).toBe(2);
      expect(await main(["user", "create", "--email", "x@example.test", "--password", "12345678", "--role", "OWNER"])).toBe(2);
      expect(
        await main([
          "user",
          "create",
          "--email",
          "x@example.test",
          "--password",
          "12345678",
          "--store",
          store.slug,
          "--role",
          "KING",
        ]),
      ).toBe(2);
      expect(await main(["token", "create", "--store", store.slug, "--name", "x", "--bogus"])).toBe(2);
      expect(await main(["token", "create", "--store", store.slug, "--name", "x", "extra-positional"])).toBe(2);
      expect(await main(["--", "--help"])).toBe(0);
      expect(silenceOut.mock.calls.map((c) => String(c[0])).join("")).toContain("token create --store SLUG --name NAME");
    } finally {
      silence.mockRestore();
      silenceOut.mockRestore();
    }
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.apiToken.count()).toBe(0);
  }, 120_000);

  it("user create: makes the account (and membership), exit 1 when the email is taken or the store unknown", async () => {
    const r = await ops(
      "user",
      "create",
      "--email",
      "Ops@Example.test",
      "--password",
      "correct-horse",
      "--store",
      store.slug,
      "--role",
      "owner",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toMatch(new RegExp(`^created user ops@example\\.test \\(\\w+\\), OWNER of ${store.slug}\\n$`));
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "ops@example.test" }, include: { memberships: true } });
    expect(user.memberships.map((m) => [m.storeId, m.role])).toEqual([[store.id, "OWNER"]]);

    const again = await ops("user", "create", "--email", "ops@example.test", "--password", "correct-horse");
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("already exists");
    const noStore = await ops(
      "user",
      "create",
      "--email",
      "other@example.test",
      "--password",
      "correct-horse",
      "--store",
      "no-such-store",
    );
    expect(noStore.code).toBe(1);
    expect(await t.db.user.count({ where: { email: "other@example.test" } })).toBe(0);
  }, 120_000);

  it("token create: prints the token alone on the last line; only its hash is stored", async () => {
    const r = await ops("token", "create", "--store", store.slug, "--name", "ERP sync");
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    const secret = out[out.length - 1]!;
    expect(secret).toMatch(/^shop_[A-Za-z0-9_-]{32}$/);
    expect(out[out.length - 2]).toContain(`"ERP sync"`);
    const row = await t.db.apiToken.findUniqueOrThrow({
      where: { tokenHash: createHash("sha256").update(secret).digest("hex") },
    });
    expect(row).toMatchObject({ storeId: store.id, name: "ERP sync", prefix: secret.slice(0, 10), revokedAt: null });

    const json = await ops("token", "create", "--store", store.slug, "--name", "json", "--json");
    expect(json.code).toBe(0);
    const figures = JSON.parse(json.stdout) as { ok: boolean; secret: string; token: { name: string } };
    expect(figures).toMatchObject({ ok: true, token: { name: "json" } });
    expect(figures.secret).toMatch(/^shop_/);
    expect((await ops("token", "create", "--store", "no-such-store", "--name", "x")).code).toBe(1);
  }, 120_000);

  it("reconcile: exit 0 when the books agree, 1 with drift, and --repair fixes it", async () => {
    const p = await createTestProduct(t.db, { storeId: store.id, stock: 5 });
    const clean = await ops("reconcile");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/no drift/);

    // A counter changed behind the ledger's back.
    await t.db.$executeRaw`UPDATE "InventoryItem" SET stock = 9 WHERE id = ${p.itemId}`;
    const drift = await ops("reconcile", "--verbose");
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain("1 drifted");
    expect(drift.stdout).toMatch(/drift .*stock 9 \(ledger 5\)/);
    const json = JSON.parse((await ops("reconcile", "--json")).stdout) as { ok: boolean; drifted: number };
    expect(json).toMatchObject({ ok: false, drifted: 1 });

    const repaired = await ops("reconcile", "--repair");
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).toContain("1 repaired");
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: p.itemId } })).stock).toBe(5);
    expect((await ops("reconcile")).code).toBe(0);
  }, 120_000);

  it("health: the summary line names the checks that do not pass", async () => {
    const lowStore = await createTestStore(t.db);
    await createTestProduct(t.db, { storeId: lowStore.id, stock: 2 }); // under the store's default threshold (5)
    const run = await ops("health", "--store", lowStore.slug);
    expect(run.code, run.stdout + run.stderr).toBe(0); // a warning is not a failure
    expect(run.stdout).toMatch(new RegExp(`health of ${lowStore.slug}: degraded, score \\d+/100, 0 failing, 1 warning \\(low_stock\\)`));
  }, 60_000);
});
