// The shopper's way back to orders: a guest's email at checkout (checked by the route's own schema,
// shown on the order), the signed order link shown after payment and mailed through a real SMTP
// server started here; "Put these back in my cart" after a decline; the signed-in shopper's account
// with their orders, newest first, ten to a page; the cart's + and typed quantities that stop at
// what can be held, said on the line. Each page axe-clean at 390 and 1280 px.
import { expect, test } from "@playwright/test";
import { startSmtpSink } from "../support/smtp-sink";
import { expectAxeClean } from "../support/axe";
import { signIn } from "../support/auth";
import { checkInvariants, createProduct, createUser, itemCounters, sql } from "../support/fixtures";
import { addToCart, alerts, createStore } from "./shop-fixtures";

test.describe.configure({ timeout: 90_000 });


test("a guest gives an email at checkout; after payment the order shows it and a signed link, which is also mailed", async ({ page, browser }) => {
  const smtp = await startSmtpSink();
  try {
    const store = await createStore({ name: "Receipt Goods" });
    const product = await createProduct({ store, stock: 5, title: "Receipt Lamp", priceCents: 2500 });
    await page.goto(`/${store}/products/${product.slug}`);
    await addToCart(page);
    await page.goto(`/${store}/cart`);

    // The route's own rule, heard before leaving the page.
    const email = page.getByLabel("Email");
    await email.fill("not-an-email");
    await page.getByRole("button", { name: "Checkout" }).click();
    await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(new RegExp(`/${store}/cart$`));
    await expectAxeClean(page, "cart with an invalid email");

    await email.fill("  Robin.Guest@Example.TEST ");
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.waitForURL(/\/pay\/sandbox\//);
    // The sandbox page's deadline is in the shopper's locale and zone, not a raw UTC string.
    await expect(page.locator("time").first()).not.toContainText("GMT");
    await page.getByRole("button", { name: "Pay now" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Paid" })).toBeVisible();
    await expect(page.getByText("robin.guest@example.test").first()).toBeVisible();
    const link = page.getByRole("link", { name: "Link to this order" });
    await expect(link).toBeVisible();
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(new RegExp(`/${store}/orders/[^/?]+\\?key=[A-Za-z0-9_-]{32}$`));
    await expectAxeClean(page, "paid order with its link");
    await page.screenshot({ path: test.info().outputPath("order-paid-link.png"), fullPage: true });

    // The receipt went out through SMTP with the same link.
    // (Only this shopper's mail counts: the sink listens on the suite's one SMTP port, where an earlier
    // spec's retried mail — a waitlist offer, say — may land while this test runs.)
    const receipts = () => smtp.received.filter((m) => m.to.includes("robin.guest@example.test"));
    await expect.poll(() => receipts().length, { timeout: 10_000 }).toBe(1);
    expect(receipts()[0]!.to).toEqual(["robin.guest@example.test"]);
    expect(receipts()[0]!.text).toContain(new URL(href, "http://x").search.slice(5));

    // Another device (no cookie) opens the order by the link; without the key it is 404.
    const other = await browser.newContext();
    try {
      const p2 = await other.newPage();
      await p2.goto(href);
      await expect(p2.getByRole("heading", { level: 1, name: "Paid" })).toBeVisible();
      const bare = await p2.goto(href.split("?")[0]!);
      expect(bare?.status()).toBe(404);
      const forged = await p2.request.get(`/api/stores/${store}/orders/${href.split("/orders/")[1]!.split("?")[0]}?key=${"A".repeat(32)}`);
      expect(forged.status()).toBe(404);
    } finally {
      await other.close();
    }
    // The API's order shows the email too.
    const [row] = await sql<{ email: string }>(`SELECT email FROM "Order" WHERE id = $1`, [href.split("/orders/")[1]!.split("?")[0]]);
    expect(row?.email).toBe("robin.guest@example.test");
  } finally {
    await smtp.close();
  }
});

test("a declined order offers Put these back in my cart: holds what is left and says what is not", async ({ page, browser }) => {
  const store = await createStore();
  const kept = await createProduct({ store, stock: 4, title: "Second Chance Mug" });
  const scarce = await createProduct({ store, stock: 2, title: "Last Pair Socks" });
  await page.goto(`/${store}/products/${kept.slug}`);
  await addToCart(page, 2);
  await page.goto(`/${store}/products/${scarce.slug}`);
  await addToCart(page, 2);
  await page.goto(`/${store}/cart`);
  await page.getByLabel("Email").fill("decline@example.test");
  await page.getByRole("button", { name: "Checkout" }).click();
  await page.waitForURL(/\/pay\/sandbox\//);
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payment failed" })).toBeVisible();

  // Meanwhile someone else takes one of the two socks.
  const other = await browser.newContext();
  try {
    const p2 = await other.newPage();
    await p2.goto(`/${store}/products/${scarce.slug}`);
    await addToCart(p2, 1);
  } finally {
    await other.close();
  }

  await expectAxeClean(page, "failed order");
  await page.getByRole("button", { name: "Put these back in my cart" }).click();
  await expect(alerts(page)).toHaveText(["Only 1 left of Last Pair Socks — 1 of 2 are back in your cart."]);
  await page.screenshot({ path: test.info().outputPath("put-back.png"), fullPage: true });
  await page.getByRole("link", { name: "Go to your cart" }).click();
  await expect(page.getByRole("heading", { name: "Second Chance Mug" })).toBeVisible();
  await expect(page.getByLabel("Quantity of Second Chance Mug")).toHaveValue("2");
  await expect(page.getByLabel("Quantity of Last Pair Socks")).toHaveValue("1");
  expect(await itemCounters(kept.itemId)).toEqual({ stock: 4, reserved: 2 });
  expect(await itemCounters(scarce.itemId)).toEqual({ stock: 2, reserved: 2 });

  // The cart's + stops at the most that can be held; a typed quantity over it is corrected on the line.
  await expect(page.getByRole("group", { name: "Last Pair Socks" }).getByRole("button", { name: "Increase" })).toBeDisabled();
  const mug = page.getByLabel("Quantity of Second Chance Mug");
  await mug.fill("9");
  await mug.blur();
  await expect(page.getByText("Only 4 left of Second Chance Mug — your quantity is now 4.")).toBeVisible();
  await expect(mug).toHaveValue("4");
  await expect.poll(() => itemCounters(kept.itemId)).toEqual({ stock: 4, reserved: 4 });
  await expect(page.getByRole("group", { name: "Second Chance Mug" }).getByRole("button", { name: "Increase" })).toBeDisabled();
  await expectAxeClean(page, "cart after put back");
  await checkInvariants();
});

test("a signed-in shopper's account lists their orders newest first, ten to a page, each linking to its page", async ({ page }) => {
  const store = await createStore({ name: "Account Goods" });
  const product = await createProduct({ store, stock: 50, title: "Account Apple" });
  const user = await createUser({ name: "Ada Account" });
  await signIn(page.request, user.email, user.password);
  for (let i = 0; i < 11; i++) {
    expect((await page.request.post(`/api/stores/${store}/cart/items`, { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
    expect((await page.request.post(`/api/stores/${store}/checkout`, { data: {} })).status()).toBe(201);
  }
  const numbers = (await sql<{ number: number }>(`SELECT number FROM "Order" WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC`, [user.id])).map((r) => r.number);
  expect(numbers).toHaveLength(11);

  await page.goto(`/${store}`);
  await page.getByRole("banner").getByRole("link", { name: "Ada Account" }).click();
  await expect(page).toHaveURL(new RegExp(`/${store}/account$`));
  await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
  const links = page.getByRole("main").getByRole("link", { name: /^Order #\d+/ });
  await expect(links).toHaveCount(10);
  const shown = (await links.allTextContents()).map((t) => Number(/#(\d+)/.exec(t)![1]));
  expect(shown).toEqual(numbers.slice(0, 10));
  await expect(page.getByRole("main").getByText("GMT")).toHaveCount(0);
  await expectAxeClean(page, "account");
  await page.screenshot({ path: test.info().outputPath("account.png"), fullPage: true });

  await page.getByRole("link", { name: "Older orders" }).click();
  await expect(links).toHaveCount(1);
  expect(await links.first().textContent()).toContain(`#${numbers[10]}`);
  await links.first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Awaiting payment" })).toBeVisible();
  await expect(page.getByText(user.email).first()).toBeVisible(); // the account's email is the order's contact

  // Signed out, the account page asks to sign in.
  await page.context().clearCookies();
  await page.goto(`/${store}/account`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});
