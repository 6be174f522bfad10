// Every dashboard page (and its dialogs) has no serious or critical axe violation and does not
// scroll sideways, at a laptop width, a small laptop or tablet (the sidebar with the least room
// beside it) and a phone. Full-page screenshots go to ADMIN_SHOTS_DIR (default
// /tmp/shots-admin, outside the repo) for a person to look at.
import { expect, test, type Page } from "@playwright/test";
import { createProduct, createUser, listReseller } from "../support/fixtures";
import { createAdminStore, expectAxeClean, holdAsGuest, insertOrder, signInAt } from "./admin-fixtures";

test.describe.configure({ timeout: 180_000 });

const check = (page: Page, width: number, label: string) => expectAxeClean(page, width, label);

for (const width of [1280, 1024, 390]) {
  test(`dashboard pages at ${width}px have no serious or critical axe violations and do not scroll sideways`, async ({ page, browser, playwright }) => {
    await page.setViewportSize({ width, height: 900 });
    const { slug, admin } = await createAdminStore({ name: "Axe Outfitters" });
    const lamp = await createProduct({ store: slug, stock: 3, title: "Axe Lamp", variantTitle: "Brass" });
    const crate = await createProduct({ store: slug, stock: 40, title: "Axe Crate" });
    await createProduct({ store: slug, stock: 0, title: "Axe Anchor" });
    await holdAsGuest(playwright.request, slug, crate.variantId, 2);
    await holdAsGuest(playwright.request, slug, lamp.variantId, 1);
    await insertOrder({ store: slug, product: crate, status: "PENDING_PAYMENT", title: "Axe Crate", quantity: 2 });
    await insertOrder({ store: slug, product: crate, status: "PAID", title: "Axe Crate" });
    await insertOrder({ store: slug, product: lamp, status: "CANCELLED", cancelReason: "LATE_PAYMENT_REFUNDED", title: "Axe Lamp" });

    await signInAt(page, `/${slug}/admin/inventory`, admin);
    await expect(page.getByRole("table")).toContainText("Axe Lamp");
    await check(page, width, "inventory");

    await page.getByRole("row").filter({ hasText: lamp.sku }).getByRole("button", { name: "Adjust stock" }).click();
    const adjust = page.getByRole("dialog", { name: "Adjust stock" });
    await adjust.getByLabel("New stock").fill("0");
    await adjust.getByLabel("Reason").fill("Broken");
    await adjust.getByRole("button", { name: "Save" }).click();
    await expect(adjust.getByRole("alert")).toBeVisible();
    await check(page, width, "inventory-adjust-refused");
    await page.keyboard.press("Escape");
    await expect(adjust).toBeHidden();

    await page.getByRole("button", { name: "Import CSV" }).click();
    const importer = page.getByRole("dialog", { name: "Import CSV" });
    await importer.getByLabel("CSV file").setInputFiles({ name: "s.csv", mimeType: "text/csv", buffer: Buffer.from(`sku,stock\n${crate.sku},45\nNOPE,1\n`) });
    // The preview asks the server first: the unknown SKU is marked and Import stays disabled.
    await expect(importer.getByText(/The server would refuse 1 row/)).toBeVisible();
    await expect(importer.getByRole("button", { name: "Import 2 rows" })).toBeDisabled();
    await check(page, width, "inventory-import-refused");
    await page.keyboard.press("Escape");

    // Each page once its data is in (not its loading state).
    for (const [section, ready] of [
      ["reservations", page.getByRole("button", { name: "Release" }).first()],
      ["orders", page.getByRole("region", { name: "Recent orders" }).getByText("Late payment refunded", { exact: true })],
      ["health", page.getByRole("article", { name: "Cleanup" })],
      ["activity", page.getByText("Stock adjusted", { exact: true }).first()],
      ["charts", page.getByRole("img", { name: /Bar chart of holds/ })],
      ["settings", page.getByText("No API tokens yet")],
    ] as const) {
      await page.goto(`/${slug}/admin/${section}`);
      await expect(ready).toBeVisible();
      await check(page, width, section);
    }

    await page.getByLabel("Token name").fill("Axe token");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByLabel("New API token")).toBeVisible();
    await check(page, width, "settings-token-created");

    // A reseller's view of shared stock.
    await listReseller({ store: "outlet", itemId: crate.itemId, title: "Outlet Crate" });
    const outletAdmin = await createUser({ store: "outlet", role: "ADMIN" });
    const other = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const outletPage = await other.newPage();
      await signInAt(outletPage, "/outlet/admin/inventory", outletAdmin);
      await expect(outletPage.getByText("Shared", { exact: true }).first()).toBeVisible();
      await check(outletPage, width, "inventory-reseller");

      // The 403 page, for a signed-in user of another store.
      await outletPage.goto(`/${slug}/admin/inventory`);
      await expect(outletPage.getByRole("heading", { name: "You don't have access" })).toBeVisible();
      await check(outletPage, width, "forbidden");
    } finally {
      await other.close();
    }
  });
}
