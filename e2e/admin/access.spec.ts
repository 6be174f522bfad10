// Who gets in: admins of the store; a signed-in shopper gets the 403 page; a signed-out visitor is
// sent to sign in and comes back to the page they asked for.
import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_SHOPPER, signInAt } from "./admin-fixtures";

test("a signed-out visitor is sent to sign in and comes back to the dashboard page they asked for", async ({ page }) => {
  await page.goto("/demo/admin/health");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdemo%2Fadmin%2Fhealth$/);
  await page.getByLabel("Email").fill(DEMO_ADMIN.email);
  await page.getByLabel("Password").fill(DEMO_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/demo\/admin\/health$/);
  await expect(page.getByRole("heading", { level: 1, name: "Health" })).toBeVisible();
  // Every section is one click away, and the current one is marked.
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  for (const name of ["Inventory", "Reservations", "Orders", "Health", "Activity", "Charts", "Settings"]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Health", exact: true })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Inventory", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inventory" })).toBeVisible();
  await expect(page.getByRole("table")).toBeVisible();
});

test("a signed-in shopper gets a 403 page with a way back to the store, and the admin API refuses them", async ({ page }) => {
  await signInAt(page, "/demo/admin", DEMO_SHOPPER);
  await expect(page).toHaveURL(/\/demo\/admin/);
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toHaveCount(0);
  await expect(page.getByRole("table")).toHaveCount(0);
  const back = page.getByRole("link", { name: /Back to Demo Outfitters/ });
  await expect(back).toHaveAttribute("href", "/demo");
  // A deep link is refused the same way, and the API under the pages says 403.
  await page.goto("/demo/admin/settings");
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access" })).toBeVisible();
  const api = await page.request.get("/api/stores/demo/admin/inventory");
  expect(api.status()).toBe(403);
  await back.click();
  await expect(page).toHaveURL(/\/demo$/);
});

test("an unknown store's dashboard is not found", async ({ page }) => {
  await signInAt(page, "/demo/admin/inventory", DEMO_ADMIN);
  const res = await page.goto("/no-such-store-here/admin/inventory");
  expect(res?.status()).toBe(404);
});
