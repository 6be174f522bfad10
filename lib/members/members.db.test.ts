// The team on a real PostgreSQL: adding needs an account, roles change, and the last owner can be
// neither removed nor demoted, also when two owners try to step down at the same moment.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { seedStore } from "@/lib/testing/inventory-fixtures";
import { addMember, changeMember, listMembers } from "@/lib/members/members";

const t = testDbForFile();

const now = new Date("2026-12-05T10:00:00Z");
const user = (email: string) => t.db.user.create({ data: { email, passwordHash: "x" } });

describe("members", () => {
  it("adds an existing account as ADMIN, refuses unknown and repeated ones, and keeps an owner", async () => {
    const store = await seedStore(t.db, {});
    const owner = await user(`owner-${store.id}@example.test`);
    const ann = await user(`ann-${store.id}@example.test`);
    await t.db.membership.create({ data: { storeId: store.id, userId: owner.id, role: "OWNER" } });
    const asOwner = { userId: owner.id, role: "OWNER" as const };
    const deps = { db: t.db, now };

    await expect(addMember(deps, { storeId: store.id, email: "ghost@example.test", role: "ADMIN", actor: asOwner })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await addMember(deps, { storeId: store.id, email: ann.email, role: "ADMIN", actor: asOwner });
    expect(after.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "OWNER"],
      [ann.email, "ADMIN"],
    ]);
    await expect(addMember(deps, { storeId: store.id, email: ann.email, role: "ADMIN", actor: asOwner })).rejects.toMatchObject({ code: "CONFLICT" });
    // An admin may not touch the owner role.
    const asAnn = { userId: ann.id, role: "ADMIN" as const };
    await expect(changeMember(deps, { storeId: store.id, userId: owner.id, role: null, actor: asAnn })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMember(deps, { storeId: store.id, userId: ann.id, role: "OWNER", actor: asAnn })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The last owner stays.
    await expect(changeMember(deps, { storeId: store.id, userId: owner.id, role: "ADMIN", actor: asOwner })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { reason: "LAST_OWNER" },
    });
    await expect(changeMember(deps, { storeId: store.id, userId: owner.id, role: null, actor: asOwner })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeMember(deps, { storeId: store.id, userId: "nobody", role: null, actor: asOwner })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Two owners step down at once: exactly one succeeds, one owner remains.
    await changeMember(deps, { storeId: store.id, userId: ann.id, role: "OWNER", actor: asOwner });
    const results = await Promise.allSettled([
      changeMember(deps, { storeId: store.id, userId: owner.id, role: "ADMIN", actor: asOwner }),
      changeMember(deps, { storeId: store.id, userId: ann.id, role: null, actor: { userId: ann.id, role: "OWNER" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT"]);
    const left = await listMembers(deps, { storeId: store.id });
    expect(left.filter((m) => m.role === "OWNER")).toHaveLength(1);
  });
});
