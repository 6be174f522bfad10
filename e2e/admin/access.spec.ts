// Who gets in: admins of the store; a signed-in shopper gets the 403 page; a signed-out visitor is
// sent to sign in and comes back to the page they asked for.
import { expect, test } from "@playwright/test";
import { APP_URL, createToken } from "../support/fixtures";
import { DEMO_ADMIN, DEMO_SHOPPER, createAdminStore, signInAt } from "./admin-fixtures";

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
  const deep = await page.goto("/demo/admin/settings");
  expect(deep?.status()).toBe(403);
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

test("the chart data route is guarded like the rest of the admin API and validates its query", async ({ page, playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: APP_URL });
  try {
    const res = await anonymous.get("/api/stores/demo/admin/stats");
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
  } finally {
    await anonymous.dispose();
  }
  await signInAt(page, "/demo/admin", DEMO_SHOPPER);
  expect((await page.request.get("/api/stores/demo/admin/stats")).status()).toBe(403);

  const { slug } = await createAdminStore();
  const adminContext = await playwright.request.newContext({ baseURL: APP_URL });
  try {
    const { token } = await createToken({ store: slug });
    const ok = await adminContext.get(`/api/stores/${slug}/admin/stats?range=30d`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body.stats).toMatchObject({ range: "30d", bucketSeconds: 86_400, lowStock: [] });
    expect(body.stats.activity).toHaveLength(30);
    const bad = await adminContext.get(`/api/stores/${slug}/admin/stats?range=1y`, { headers: { Authorization: `Bearer ${token}` } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe("INVALID_INPUT");
    // Another store's token is not enough.
    const other = await adminContext.get(`/api/stores/demo/admin/stats`, { headers: { Authorization: `Bearer ${token}` } });
    expect(other.status()).toBe(401);
  } finally {
    await adminContext.dispose();
  }
});
