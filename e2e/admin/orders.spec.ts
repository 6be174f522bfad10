// Orders: awaiting payment with their deadlines, recent paid and cancelled ones with the reason;
// a late payment that was refunded stands out.
import { expect, test } from "@playwright/test";
import { APP_URL, createProduct, itemCounters } from "../support/fixtures";
import { createAdminStore, insertOrder, signInAt } from "./admin-fixtures";

test("orders awaiting payment show their deadline; paid and cancelled show why, late refunds stand out", async ({ page }) => {
  const { slug, admin } = await createAdminStore();
  const product = await createProduct({ store: slug, stock: 10, title: "Order Oar" });
  const soon = await insertOrder({ store: slug, product, status: "PENDING_PAYMENT", paymentDeadline: new Date(Date.now() + 20 * 60_000), title: "Order Oar" });
  const overdue = await insertOrder({ store: slug, product, status: "PENDING_PAYMENT", paymentDeadline: new Date(Date.now() - 5 * 60_000), quantity: 2, title: "Order Oar" });
  const paid = await insertOrder({ store: slug, product, status: "PAID", title: "Order Oar" });
  const failed = await insertOrder({ store: slug, product, status: "CANCELLED", cancelReason: "PAYMENT_FAILED", title: "Order Oar" });
  const late = await insertOrder({ store: slug, product, status: "CANCELLED", cancelReason: "LATE_PAYMENT_REFUNDED", title: "Order Oar" });

  await signInAt(page, `/${slug}/admin/orders`, admin);
  const awaiting = page.getByRole("region", { name: "Awaiting payment" });
  await expect(awaiting.getByRole("row")).toHaveCount(3); // header + 2
  // Nearest deadline first: the overdue one leads, flagged.
  await expect(awaiting.getByRole("row").nth(1)).toContainText(`#${overdue.number}`);
  await expect(awaiting.getByRole("row").nth(1)).toContainText(/Overdue by [45]m/);
  await expect(awaiting.getByRole("row").nth(2)).toContainText(`#${soon.number}`);
  await expect(awaiting.getByRole("row").nth(2).locator("time")).toHaveText(/^in 1[89]m \d+s$/);

  const recent = page.getByRole("region", { name: "Recent orders" });
  await expect(recent).toContainText("1 late payment was refunded");
  await expect(recent.getByRole("row").filter({ hasText: `#${paid.number}` })).toContainText("Paid");
  await expect(recent.getByRole("row").filter({ hasText: `#${failed.number}` })).toContainText("Cancelled: payment failed");
  const lateRow = recent.getByRole("row").filter({ hasText: `#${late.number}` });
  await expect(lateRow).toContainText("Late payment refunded");
  await expect(lateRow).toContainText("paid after the order was cancelled");
  await expect(lateRow.getByRole("link", { name: `#${late.number}` })).toHaveAttribute("href", `/${slug}/admin/orders/${late.id}`); // the admin's order page
});

test("an admin cancels an order awaiting payment; its units go back on sale", async ({ page, playwright }) => {
  const { slug, admin } = await createAdminStore();
  const product = await createProduct({ store: slug, stock: 3, title: "Cancel Canoe" });
  const shopper = await playwright.request.newContext({ baseURL: APP_URL });
  let orderNumber: number;
  try {
    expect((await shopper.post(`/api/stores/${slug}/cart/items`, { data: { variantId: product.variantId, quantity: 2 } })).status()).toBe(200);
    const checkout = await shopper.post(`/api/stores/${slug}/checkout`);
    expect(checkout.status(), await checkout.text()).toBe(201);
    orderNumber = (await checkout.json()).order.number;
  } finally {
    await shopper.dispose();
  }
  expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 2 });

  await signInAt(page, `/${slug}/admin/orders`, admin);
  const row = page.getByRole("region", { name: "Awaiting payment" }).getByRole("row").filter({ hasText: `#${orderNumber}` });
  await expect(row).toContainText("2 units · Cancel Canoe");
  await row.getByRole("button", { name: "Cancel order" }).click();
  const dialog = page.getByRole("dialog", { name: `Cancel order #${orderNumber}` });
  await dialog.getByLabel("Reason").fill("Customer called");
  await dialog.getByRole("button", { name: "Cancel order" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `Order #${orderNumber} cancelled` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent orders" }).getByRole("row").filter({ hasText: `#${orderNumber}` })).toContainText("Cancelled: cancelled by an admin");
  expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 0 });
});
