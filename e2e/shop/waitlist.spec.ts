// The waitlist in Chromium (docs/waitlist.md): on a sold-out product "Notify me" puts the shopper in
// line and shows their place; when the unit comes back (a lapsed hold, reclaimed by a stranger's
// refused add) the offer is mailed right after that request — received by a real SMTP server started
// here, no job run — and the mailed claim link lands the unit in the shopper's cart with its
// countdown. The admin sees the line on the Waitlist page and in the inventory table. Each page
// axe-clean at 390 and 1280 px; screenshots go to tmp/shots-waitlist for a person to look at.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAxeClean } from "../support/axe";
import { APP_URL, checkInvariants, createProduct, itemCounters, sql } from "../support/fixtures";
import { claimLinkOf, startSmtpSink } from "../support/smtp-sink";
import { createAdminStore, rowWith, signInAt } from "../admin/admin-fixtures";
import { createStore } from "./shop-fixtures";

test.describe.configure({ timeout: 60_000 });

const SHOTS = process.env.WAITLIST_SHOTS_DIR ?? "tmp/shots-waitlist";

async function post(ctx: APIRequestContext, path: string, data: unknown) {
  const res = await ctx.post(path, { data });
  return { status: res.status(), body: await res.json() };
}

test("Notify me on a sold-out product shows the place in line; the mailed claim link lands the unit in the cart with its countdown", async ({
  page,
  playwright,
}) => {
  const smtp = await startSmtpSink();
  const holder = await playwright.request.newContext({ baseURL: APP_URL });
  const earlier = await playwright.request.newContext({ baseURL: APP_URL });
  const stranger = await playwright.request.newContext({ baseURL: APP_URL });
  try {
    const store = await createStore({ name: "Line Goods" });
    const product = await createProduct({ store, stock: 2, title: "Line Lantern", variantTitle: "Brass" });
    const api = `/api/stores/${store}`;
    // Another shopper holds both units; someone else is already waiting for one.
    expect((await post(holder, `${api}/cart/items`, { variantId: product.variantId, quantity: 2 })).status).toBe(200);
    const first = await post(earlier, `${api}/waitlist`, { variantId: product.variantId, email: "first-in-line@e2e.test" });
    expect([first.status, first.body.entry.position]).toEqual([201, 1]);

    await page.goto(`/${store}/products/${product.slug}`);
    await expect(page.getByRole("button", { name: "Sold out" })).toBeDisabled();
    const waitlist = page.getByRole("region", { name: "Waitlist" });
    await waitlist.getByRole("button", { name: "Notify me" }).click();
    // A malformed email is refused in place, before any request.
    await waitlist.getByLabel("Email").fill("not-an-email");
    await waitlist.getByRole("button", { name: "Join the line" }).click();
    await expect(waitlist.getByText("Enter a valid email address.")).toBeVisible();
    await expect(waitlist.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await waitlist.getByLabel("Email").fill("lantern-fan@e2e.test");
    await expectAxeClean(page, "notify-me form", { shots: SHOTS });
    await waitlist.getByRole("button", { name: "Join the line" }).click();
    await expect(waitlist.getByRole("status")).toContainText("You are 2nd in line");
    await expect(waitlist.getByRole("button", { name: "Leave the line" })).toBeVisible();
    await expectAxeClean(page, "in line", { shots: SHOTS });
    // The place is kept across a reload (the browser's guest cookie finds its entry).
    await page.reload();
    await expect(waitlist.getByRole("status")).toContainText("You are 2nd in line");

    // The holder's hold lapses; a stranger's add is refused, and its reclaim hands the two units to
    // the line (one each, oldest first). The mail goes out right after that refused request.
    await sql(
      `UPDATE "Hold" SET "expiresAt" = now() AT TIME ZONE 'UTC' - interval '1 second' WHERE "inventoryItemId" = $1 AND status = 'ACTIVE'`,
      [product.itemId],
    );
    const refused = await post(stranger, `${api}/cart/items`, { variantId: product.variantId, quantity: 1 });
    expect([refused.status, refused.body.error?.code]).toEqual([409, "INSUFFICIENT_STOCK"]);
    await smtp.waitFor(
      (m) => m.some((x) => x.to[0] === "lantern-fan@e2e.test") && m.some((x) => x.to[0] === "first-in-line@e2e.test"),
      10_000,
    );
    const mail = smtp.received.find((x) => x.to[0] === "lantern-fan@e2e.test")!;
    expect(mail.text).toContain("Line Lantern (Brass)");
    expect(await itemCounters(product.itemId)).toEqual({ stock: 2, reserved: 2 });

    // The product page says the unit is held and where to claim it.
    await page.reload();
    await expect(waitlist.getByRole("status")).toContainText("Good news: 1 held for you");
    await expect(waitlist.getByRole("button", { name: "Pass it to the next in line" })).toBeVisible();

    // The claim link from the mail: the unit lands in this browser's cart, with the countdown.
    const link = new URL(claimLinkOf(mail));
    expect(link.origin).toBe(APP_URL);
    await page.goto(link.pathname + link.search);
    await page.waitForURL(`**/${store}/cart`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Line Lantern");
    await expect(page.getByRole("timer")).toContainText(/Reserved for \d+:\d\d/);
    await expectAxeClean(page, "cart after claim", { shots: SHOTS });
    expect(await itemCounters(product.itemId)).toEqual({ stock: 2, reserved: 2 });

    // The same link again explains itself instead of failing silently.
    await page.goto(link.pathname + link.search);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Already claimed");
    await expect(page.getByRole("link", { name: "View your cart" })).toHaveAttribute("href", `/${store}/cart`);
    await expect(page.getByRole("link", { name: "Back to the shop" })).toBeVisible();
    await expectAxeClean(page, "claim twice", { shots: SHOTS });
    await checkInvariants();
  } finally {
    await Promise.all([holder.dispose(), earlier.dispose(), stranger.dispose()]);
    await smtp.close();
  }
});

test("the admin sees the line: the Waitlist page (summary, entries, status filter) and the Waiting column", async ({
  page,
  playwright,
}) => {
  const { slug, admin } = await createAdminStore({ name: "Line Outfitters" });
  const kettle = await createProduct({ store: slug, stock: 0, title: "Queue Kettle" });
  const lamp = await createProduct({ store: slug, stock: 1, title: "Queue Lamp" });
  // A drop before its release: shoppers may wait for it; the inventory table says it is coming.
  const drop = await createProduct({ store: slug, stock: 5, title: "Queue Drop", releaseAt: new Date(Date.now() + 86_400_000) });
  const api = `/api/stores/${slug}`;
  const guest = await playwright.request.newContext({ baseURL: APP_URL });
  try {
    for (const [email, quantity] of [
      ["kettle-a@e2e.test", 1],
      ["kettle-b@e2e.test", 2],
      ["kettle-c@e2e.test", 1],
    ] as const) {
      expect((await post(guest, `${api}/waitlist`, { variantId: kettle.variantId, email, quantity })).status).toBe(201);
    }
    expect((await post(guest, `${api}/waitlist`, { variantId: drop.variantId, email: "drop-fan@e2e.test" })).status).toBe(201);
    // The lamp's one unit is held, a shopper joins, the holder lets it go: an offer.
    expect((await post(guest, `${api}/cart/items`, { variantId: lamp.variantId, quantity: 1 })).status).toBe(200);
    expect((await post(guest, `${api}/waitlist`, { variantId: lamp.variantId, email: "lamp-fan@e2e.test" })).status).toBe(201);
    expect((await guest.delete(`${api}/cart/items/${lamp.variantId}`)).status()).toBe(200);
  } finally {
    await guest.dispose();
  }

  await signInAt(page, `/${slug}/admin/waitlist`, admin);
  await expect(page.getByRole("heading", { level: 1, name: "Waitlist" })).toBeVisible();
  const summary = page.getByRole("definition").first();
  await expect(summary).toHaveText("4");
  await expect(rowWith(page, "kettle-b@e2e.test")).toContainText("Waiting");
  await expect(rowWith(page, "kettle-b@e2e.test")).toContainText(kettle.sku);
  await expect(rowWith(page, "lamp-fan@e2e.test")).toContainText("Offered");
  await expect(rowWith(page, "lamp-fan@e2e.test")).toContainText(/1 unit · .+held until/);
  await expectAxeClean(page, "admin waitlist", { shots: SHOTS });
  await page.getByLabel("Status").selectOption("OFFERED");
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(rowWith(page, "lamp-fan@e2e.test")).toBeVisible();

  await page.goto(`/${slug}/admin/inventory`);
  await expect(rowWith(page, kettle.sku)).toContainText(/4\s*3 shoppers/);
  await expect(rowWith(page, kettle.sku)).toContainText("Out of stock");
  await expect(rowWith(page, drop.sku)).toContainText("Coming soon");
  await expect(rowWith(page, drop.sku)).toContainText(/1\s*1 shopper/);
  await page.getByRole("button", { name: "Coming soon" }).click();
  await expect(rowWith(page, drop.sku)).toBeVisible();
  await expect(rowWith(page, kettle.sku)).toHaveCount(0);
  await expectAxeClean(page, "admin inventory waiting", { shots: SHOTS });
});
