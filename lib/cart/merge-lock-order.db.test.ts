// Lock order at sign-in (prisma/sql/cart/cart-merge.sql): a merge that gives the account its cart
// claims the account's one active cart before it locks any item, so it never holds an item while it
// waits for the account's first add to commit, which may itself be waiting for that item.
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { openSession, waitUntilBlocked } from "@/lib/testing/sessions";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { getCartView } from "@/lib/cart/get-cart-view";
import { assertInvariants, createTestProduct, createTestStore, createTestUser, itemCounters, newGuest } from "@/lib/testing/cart-fixtures";

const t = testDbForFile();
const T0 = new Date("2026-11-21T12:00:00.000Z");
const at = (seconds: number) => ({ db: t.db, now: new Date(T0.getTime() + seconds * 1000) });

describe("merging while the account's first add is in flight", () => {
  it("no deadlock: the merge waits for the add with no item locked, then joins the account's new cart", async () => {
    const s = await createTestStore(t.db, { reservationTtlSeconds: 900 });
    const inGuestCart = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const firstAdd = await createTestProduct(t.db, { storeId: s.id, stock: 10 });
    const user = await createTestUser(t.db);
    const me = { storeId: s.id, userId: user.id, tokenHash: null };
    const g = newGuest(s.id);
    await setCartLine(at(0), { ...g, variantId: inGuestCart.variantId, mode: "add", quantity: 2 });

    const [write, merger, observer] = await Promise.all([openSession(t.directUrl), openSession(t.directUrl), openSession(t.directUrl)]);
    try {
      const setLine = async (variantId: string) =>
        (await write.query<{ code: string }>(`SELECT code FROM cart_set_line($1, $2, NULL, $3, 'add', 1, 99, $4::timestamp(3))`, [s.id, user.id, variantId, at(1).now.toISOString()]))[0];
      await write.query("BEGIN");
      // The account's first add, not committed yet: it has created the account's cart.
      expect(await setLine(firstAdd.variantId)).toEqual({ code: "OK" });
      const merging = merger.query<{ cart_id: string | null }>(`SELECT cart_merge($1, $2, $3, $4::timestamp(3)) AS cart_id`, [s.id, g.tokenHash, user.id, at(2).now.toISOString()]);
      const merged = merging.then(
        (rows) => ({ cartId: rows[0]?.cart_id }),
        (e: unknown) => ({ error: String(e) }),
      );
      await waitUntilBlocked(observer, merger.pid);
      // The same transaction now takes the guest cart's item, as a batch's next request would. A merge
      // holding that item while it waits for this transaction would be a deadlock (40P01) here.
      expect(await setLine(inGuestCart.variantId)).toEqual({ code: "OK" });
      await write.query("COMMIT");
      expect(await merged).toEqual({ cartId: expect.any(String) });
    } finally {
      await Promise.all([write, merger, observer].map((x) => x.close()));
    }

    const cart = await getCartView(at(3), me);
    expect(cart.lines.map((l) => [l.variantId, l.quantity, l.held]).sort()).toEqual(
      [
        [inGuestCart.variantId, 3, 3],
        [firstAdd.variantId, 1, 1],
      ].sort(),
    );
    expect(await itemCounters(t.db, inGuestCart.itemId)).toEqual({ stock: 10, reserved: 3 });
    await assertInvariants(t.db);
  });
});
