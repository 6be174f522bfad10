// Admin orders as people use them: the order page (lines, holds and deadline, payment with its
// provider reference and the history the webhook wrote, ledger rows, Cancel order), finding orders
// by number or email with a status filter and cursor paging, and the Team page. The same routes over
// HTTP with their errors and who may call them. Axe-clean at 390 and 1280 px.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { expectAxeClean } from "../support/axe";
import { signIn, tokenClient, adminToken } from "../support/auth";
import { APP_URL, createProduct, createUser, itemCounters, sql } from "../support/fixtures";
import { createAdminStore, insertOrder, signInAt } from "./admin-fixtures";

test.describe.configure({ timeout: 90_000 });


/** A guest order through the public API: hold, checkout with an email; returns its id and payment ref. */
async function guestOrder(store: string, variantId: string, email: string) {
  const guest = await playwrightRequest.newContext({ baseURL: APP_URL });
  try {
    expect((await guest.post(`/api/stores/${store}/cart/items`, { data: { variantId, quantity: 2 } })).status()).toBe(200);
    // The route checks the email with the form's own schema; nothing is placed on a bad body.
    for (const data of [{ email: "not-an-email" }, { email: "a@b.test", extra: 1 }, { email: "x\u0000@b.test" }]) {
      const bad = await guest.post(`/api/stores/${store}/checkout`, { data });
      expect(bad.status()).toBe(400);
      expect((await bad.json()).error.code).toBe("INVALID_INPUT");
    }
    const res = await guest.post(`/api/stores/${store}/checkout`, { data: { email } });
    expect(res.status(), await res.text()).toBe(201);
    const body = (await res.json()) as { order: { id: string; number: number; email: string }; payment: { redirectUrl: string } };
    expect(body.order.email).toBe(email);
    return { ...body.order, ref: decodeURIComponent(body.payment.redirectUrl.split("/").pop()!) };
  } finally {
    await guest.dispose();
  }
}

test("the order page shows lines, holds, the payment's history and ledger rows; Cancel order releases the units", async ({ page, request }) => {
  const { slug, admin } = await createAdminStore({ name: "Detail Depot" });
  const product = await createProduct({ store: slug, stock: 10, title: "Detail Drum" });
  const paid = await guestOrder(slug, product.variantId, "paid.buyer@example.test");
  const settled = await request.post(`/api/payments/sandbox/${encodeURIComponent(paid.ref)}`, { data: { outcome: "succeed" } });
  expect(settled.status()).toBe(200);
  const pending = await guestOrder(slug, product.variantId, "slow.buyer@example.test");
  expect(await itemCounters(product.itemId)).toEqual({ stock: 8, reserved: 2 });

  await signInAt(page, `/${slug}/admin/orders/${paid.id}`, admin);
  await expect(page.getByRole("heading", { level: 1, name: `Order #${paid.number}` })).toBeVisible();
  const payment = page.getByRole("region", { name: "Payment" });
  await expect(payment).toContainText(`reference ${paid.ref}`);
  await expect(payment.getByRole("list", { name: "Payment history" })).toContainText("webhook:sandbox: succeeded → paid");
  await expect(page.getByRole("region", { name: "Holds" }).getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("region", { name: "Holds" })).toContainText("sold");
  await expect(page.getByRole("region", { name: "Ledger" })).toContainText("sale");
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  await expectAxeClean(page, "paid order page");

  // From the list: search by email, open the pending order, cancel it with a reason.
  await page.goto(`/${slug}/admin/orders`);
  const find = page.getByRole("region", { name: "Find an order" });
  await find.getByLabel("Search").fill("SLOW.buyer@example.test");
  await find.getByRole("button", { name: "Search" }).click();
  await expect(find.getByRole("row")).toHaveCount(2);
  await find.getByRole("link", { name: `#${pending.number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/admin/orders/${pending.id}$`));
  await expect(page.getByRole("region", { name: "Holds" })).toContainText("active");
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByLabel("Reason").fill("Customer called");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByRole("status").filter({ hasText: "cancelled" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Holds" })).toContainText("released");
  await expect(page.getByRole("region", { name: "Ledger" })).toContainText("Customer called");
  expect(await itemCounters(product.itemId)).toEqual({ stock: 8, reserved: 0 });
  await expectAxeClean(page, "cancelled order page");
  await page.screenshot({ path: test.info().outputPath("admin-order.png"), fullPage: true });
});

test("orders are found by number or email, filtered by status and paged with the cursor", async ({ page }) => {
  const { slug, admin } = await createAdminStore();
  const product = await createProduct({ store: slug, stock: 10, title: "Paged Pail" });
  const made = [];
  for (let i = 0; i < 23; i++) made.push(await insertOrder({ store: slug, product, status: i % 2 ? "PAID" : "PENDING_PAYMENT" }));
  await sql(`UPDATE "Order" SET email = 'pat@example.test' WHERE id = $1`, [made[5]!.id]);

  await signInAt(page, `/${slug}/admin/orders`, admin);
  const find = page.getByRole("region", { name: "Find an order" });
  await expect(find.getByRole("row")).toHaveCount(21); // header + a page of 20
  await find.getByRole("button", { name: "Older orders" }).click();
  await expect(find.getByRole("row")).toHaveCount(4);
  await expect(find.getByRole("button", { name: "Older orders" })).toBeDisabled();
  await find.getByRole("button", { name: "Newer orders" }).click();
  await expect(find.getByRole("row")).toHaveCount(21);

  await find.getByLabel("Status").selectOption("PAID");
  await expect(find.getByRole("row")).toHaveCount(12);
  await find.getByLabel("Status").selectOption("");
  await find.getByLabel("Search").fill(`#${made[7]!.number}`);
  await find.getByRole("button", { name: "Search" }).click();
  await expect(find.getByRole("row")).toHaveCount(2);
  await expect(find.getByRole("row").nth(1)).toContainText(`#${made[7]!.number}`);
  await find.getByLabel("Search").fill("pat@example.test");
  await find.getByRole("button", { name: "Search" }).click();
  await expect(find.getByRole("row")).toHaveCount(2);
  await expect(find.getByRole("row").nth(1)).toContainText(`#${made[5]!.number}`);
  await find.getByLabel("Search").fill("nobody@example.test");
  await find.getByRole("button", { name: "Search" }).click();
  await expect(find.getByText("No orders match")).toBeVisible();
  await expectAxeClean(page, "orders with search");
});

test("Team: an owner adds an existing account, cannot add an unknown one, changes a role, removes a member, and cannot demote or remove the last owner", async ({ page }) => {
  const { slug } = await createAdminStore({ name: "Team Tools" });
  const owner = await createUser({ store: slug, role: "OWNER", name: "Olive Owner" });
  const newcomer = await createUser({ name: "Nico Newcomer" });

  await signInAt(page, `/${slug}/admin/team`, owner);
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  const addPanel = page.getByRole("region", { name: "Add member" });
  await addPanel.getByLabel("Email").fill("no-such-person@example.test");
  await addPanel.getByRole("button", { name: "Add member" }).click();
  await expect(addPanel.getByRole("alert")).toContainText("No account uses that email");

  await addPanel.getByLabel("Email").fill(newcomer.email);
  await addPanel.getByRole("button", { name: "Add member" }).click();
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByRole("row").filter({ hasText: newcomer.email })).toContainText("Admin");
  await expectAxeClean(page, "team");
  await page.screenshot({ path: test.info().outputPath("team.png"), fullPage: true });

  // Change a role: the newcomer becomes an owner (the row, the message and the stored membership say
  // so), then an admin again.
  const roleOf = async (userId: string) =>
    (await sql<{ role: string }>(`SELECT m.role::text AS role FROM "Membership" m JOIN "Store" s ON s.id = m."storeId" WHERE m."userId" = $1 AND s.slug = $2`, [userId, slug]))[0]?.role;
  const newcomerRow = members.getByRole("row").filter({ hasText: newcomer.email });
  await members.getByRole("button", { name: `Make owner: ${newcomer.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${newcomer.email} is now an owner.` })).toBeVisible();
  await expect(newcomerRow).toContainText("Owner");
  await expect(members.getByRole("button", { name: `Make admin: ${newcomer.email}` })).toBeVisible();
  expect(await roleOf(newcomer.id)).toBe("OWNER");
  await expectAxeClean(page, "team after a role change");
  await members.getByRole("button", { name: `Make admin: ${newcomer.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${newcomer.email} is now an admin.` })).toBeVisible();
  await expect(newcomerRow).toContainText("Admin");
  expect(await roleOf(newcomer.id)).toBe("ADMIN");
  // The only owner cannot make themself an admin: the store would have no owner.
  await members.getByRole("button", { name: `Make admin: ${owner.email}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "last owner" })).toBeVisible();
  await expect(members.getByRole("button", { name: `Make admin: ${owner.email}` })).toBeVisible(); // still an owner
  expect(await roleOf(owner.id)).toBe("OWNER");

  await members.getByRole("button", { name: `Remove ${newcomer.email}` }).click();
  await expect(members.getByRole("row").filter({ hasText: newcomer.email })).toHaveCount(0);
  await members.getByRole("button", { name: `Remove ${owner.email}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "last owner" })).toBeVisible();
  await expect(members.getByRole("row").filter({ hasText: owner.email })).toHaveCount(1);
});

test("HTTP: admin order detail, search and members answer as API.md says, to whom it says", async ({ request }) => {
  const { slug, admin } = await createAdminStore();
  const other = await createAdminStore();
  const product = await createProduct({ store: slug, stock: 5, title: "Http Hat" });
  const order = await insertOrder({ store: slug, product, status: "PENDING_PAYMENT" });
  const owner = await createUser({ store: slug, role: "OWNER" });
  const shopper = await createUser();

  const asAdmin = await playwrightRequest.newContext({ baseURL: APP_URL });
  const asOwner = await playwrightRequest.newContext({ baseURL: APP_URL });
  const asShopper = await playwrightRequest.newContext({ baseURL: APP_URL });
  const asOther = await playwrightRequest.newContext({ baseURL: APP_URL });
  await signIn(asAdmin, admin.email, admin.password);
  await signIn(asOwner, owner.email, owner.password);
  await signIn(asShopper, shopper.email, shopper.password);
  await signIn(asOther, other.admin.email, other.admin.password);
  const withToken = await tokenClient(await adminToken(slug));
  const otherToken = await tokenClient(await adminToken(other.slug));
  try {
    const detail = await asAdmin.get(`/api/stores/${slug}/admin/orders/${order.id}`);
    expect(detail.status()).toBe(200);
    expect(await detail.json()).toMatchObject({ order: { id: order.id, number: order.number }, holds: [], payment: null, movements: [] });
    expect((await withToken.get(`/api/stores/${slug}/admin/orders/${order.id}`)).status()).toBe(200);
    expect((await asShopper.get(`/api/stores/${slug}/admin/orders/${order.id}`)).status()).toBe(403);
    expect((await request.get(`/api/stores/${slug}/admin/orders/${order.id}`)).status()).toBe(401);
    expect((await otherToken.get(`/api/stores/${slug}/admin/orders/${order.id}`)).status()).toBe(401);
    expect((await asOther.get(`/api/stores/${other.slug}/admin/orders/${order.id}`)).status()).toBe(404); // another store's order
    expect((await asAdmin.get(`/api/stores/${slug}/admin/orders/bad%20id`)).status()).toBe(400);

    const byNumber = await asAdmin.get(`/api/stores/${slug}/admin/orders?q=${order.number}`);
    expect(((await byNumber.json()) as { items: { id: string }[] }).items.map((o) => o.id)).toEqual([order.id]);
    expect((await asAdmin.get(`/api/stores/${slug}/admin/orders?q=%00`)).status()).toBe(400);
    expect((await asAdmin.get(`/api/stores/${slug}/admin/orders?q=%ED%A0%80`)).status()).not.toBe(500);
    expect((await asAdmin.get(`/api/stores/${slug}/admin/orders?cursor=nonsense`)).status()).toBe(400);

    // Members: session only; adding needs an account; the last owner stays.
    expect((await withToken.get(`/api/stores/${slug}/admin/members`)).status()).toBe(403);
    expect((await asShopper.get(`/api/stores/${slug}/admin/members`)).status()).toBe(403);
    expect((await asOther.get(`/api/stores/${slug}/admin/members`)).status()).toBe(403);
    const list = await asAdmin.get(`/api/stores/${slug}/admin/members`);
    expect(list.status()).toBe(200);
    expect(((await list.json()) as { items: { email: string; role: string }[] }).items.map((m) => [m.email, m.role]).sort()).toEqual(
      [[admin.email, "ADMIN"], [owner.email, "OWNER"]].sort(),
    );
    expect((await asAdmin.post(`/api/stores/${slug}/admin/members`, { data: { email: "ghost@example.test" } })).status()).toBe(404);
    expect((await asAdmin.post(`/api/stores/${slug}/admin/members`, { data: { email: "x", role: "ADMIN" } })).status()).toBe(400);
    expect((await asAdmin.post(`/api/stores/${slug}/admin/members`, { data: { email: shopper.email, role: "OWNER" } })).status()).toBe(403);
    const added = await asAdmin.post(`/api/stores/${slug}/admin/members`, { data: { email: shopper.email } });
    expect(added.status()).toBe(201);
    expect((await asAdmin.post(`/api/stores/${slug}/admin/members`, { data: { email: shopper.email } })).status()).toBe(409);
    expect((await asAdmin.patch(`/api/stores/${slug}/admin/members/${owner.id}`, { data: { role: "ADMIN" } })).status()).toBe(403);
    const demoteLast = await asOwner.patch(`/api/stores/${slug}/admin/members/${owner.id}`, { data: { role: "ADMIN" } });
    expect(demoteLast.status()).toBe(409);
    expect((await demoteLast.json()).error.details).toMatchObject({ reason: "LAST_OWNER" });
    expect((await asOwner.delete(`/api/stores/${slug}/admin/members/${owner.id}`)).status()).toBe(409);
    expect((await asOwner.patch(`/api/stores/${slug}/admin/members/${admin.id}`, { data: { role: "OWNER" } })).status()).toBe(200);
    expect((await asOwner.delete(`/api/stores/${slug}/admin/members/${owner.id}`)).status()).toBe(200); // another owner remains
    expect((await asAdmin.delete(`/api/stores/${slug}/admin/members/nobody`)).status()).toBe(404);
  } finally {
    for (const c of [asAdmin, asOwner, asShopper, asOther, withToken, otherToken]) await c.dispose();
  }
});
