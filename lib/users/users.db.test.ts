import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { createTestStore } from "@/lib/testing/cart-fixtures";
import { createUser } from "@/lib/users/create-user";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { signUpInputSchema } from "@/lib/users/schemas";
import { endSessions, isSessionCurrent } from "@/lib/users/session-version";

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

    const deps = { db: t.db, now: new Date() };
    expect(await verifyCredentials(deps, { email: "grace@example.test", password: "hopper-1906" })).toEqual({ ok: true, user, sessionVersion: 0 });
    expect(await verifyCredentials(deps, { email: "grace@example.test", password: "hopper-1907" })).toEqual({
      ok: false,
      reason: "INVALID",
    });
    expect(await verifyCredentials(deps, { email: "nobody@example.test", password: "hopper-1906" })).toEqual({
      ok: false,
      reason: "INVALID",
    });
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

  it("lock an account from an address after 10 wrong passwords from it in 15 minutes, even for the right one, then let it in again", async () => {
    const user = await createUser({ db: t.db }, { email: "locked@example.test", password: "right-password" });
    const at = (minutes: number) => ({ db: t.db, now: new Date(Date.UTC(2026, 10, 22, 10, minutes)) });
    const address = "203.0.113.9";
    // Nine failures (concurrently: each one counts), then the right password still works.
    await Promise.all(Array.from({ length: 9 }, () => verifyCredentials(at(0), { email: user.email, password: "guess", address })));
    expect((await verifyCredentials(at(1), { email: user.email, password: "right-password", address })).ok).toBe(true);
    expect(await verifyCredentials(at(2), { email: user.email, password: "guess", address })).toEqual({ ok: false, reason: "INVALID" });
    // The tenth failure locks it for that address, for the rest of the 15-minute window…
    expect(await verifyCredentials(at(3), { email: user.email, password: "right-password", address })).toEqual({
      ok: false,
      reason: "LOCKED",
      retryAfterSeconds: 12 * 60,
    });
    // …while the owner, at another address, signs in as usual: a stranger cannot lock them out.
    expect((await verifyCredentials(at(3), { email: user.email, password: "right-password", address: "198.51.100.23" })).ok).toBe(true);
    expect((await verifyCredentials(at(3), { email: user.email, password: "right-password", address: null })).ok).toBe(true);
    expect((await verifyCredentials(at(16), { email: user.email, password: "right-password", address })).ok).toBe(true);
    // Other accounts are not affected.
    await createUser({ db: t.db }, { email: "free@example.test", password: "right-password" });
    expect((await verifyCredentials(at(3), { email: "free@example.test", password: "right-password" })).ok).toBe(true);
  });

  it("keep no lock when the client's address is unknown: strangers sharing 'unknown' cannot lock the owner out", async () => {
    const user = await createUser({ db: t.db }, { email: "unknown-address@example.test", password: "right-password" });
    const at = (minutes: number) => ({ db: t.db, now: new Date(Date.UTC(2026, 10, 23, 10, minutes)) });
    // Twenty wrong passwords from callers whose address the deployment cannot tell (a bare `next start`)…
    for (let i = 0; i < 20; i++) {
      expect(await verifyCredentials(at(0), { email: user.email, password: "guess", address: null })).toEqual({ ok: false, reason: "INVALID" });
    }
    // …lock nobody: the owner, equally unknown, still signs in (the per-account rate limit is the guard then).
    expect((await verifyCredentials(at(1), { email: user.email, password: "right-password", address: null })).ok).toBe(true);
    expect((await verifyCredentials(at(1), { email: user.email, password: "right-password" })).ok).toBe(true);
    // Nor are they counted towards a known address's lock.
    const address = "203.0.113.77";
    await Promise.all(Array.from({ length: 9 }, () => verifyCredentials(at(2), { email: user.email, password: "guess", address })));
    expect((await verifyCredentials(at(2), { email: user.email, password: "right-password", address })).ok).toBe(true);
  });

  it("signing out ends the account's sessions: the version they carry is no longer current", async () => {
    const user = await createUser({ db: t.db }, { email: "session@example.test", password: "right-password" });
    const check = await verifyCredentials({ db: t.db, now: new Date() }, { email: user.email, password: "right-password" });
    if (!check.ok) throw new Error("sign-in failed");
    expect(await isSessionCurrent({ db: t.db }, { userId: user.id, version: check.sessionVersion })).toBe(true);
    await endSessions({ db: t.db }, { userId: user.id });
    expect(await isSessionCurrent({ db: t.db }, { userId: user.id, version: check.sessionVersion })).toBe(false);
    const again = await verifyCredentials({ db: t.db, now: new Date() }, { email: user.email, password: "right-password" });
    expect(again.ok && (await isSessionCurrent({ db: t.db }, { userId: user.id, version: again.sessionVersion }))).toBe(true);
    expect(await isSessionCurrent({ db: t.db }, { userId: "no-such-user", version: 0 })).toBe(false);
  });
});
