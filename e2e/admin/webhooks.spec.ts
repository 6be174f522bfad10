// The Webhooks page in Chromium: an admin adds an endpoint (the test's own receiver) choosing its
// events, sees the signing secret once and copies it, sends a test event that the receiver gets
// signed with that secret, sees the delivery row, disables and enables it, and deletes it through the
// confirm dialog; no serious axe violation at a laptop and a phone width (one session, resized).
// Screenshots go to
// WEBHOOK_SHOTS_DIR (default tmp/shots-webhooks, not committed) for a person to look at.
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations, screenshot } from "../support/axe";
import { WebhookReceiver } from "../support/webhook-receiver";
import { createAdminStore, signInAt } from "./admin-fixtures";

const SHOTS = process.env.WEBHOOK_SHOTS_DIR ?? "tmp/shots-webhooks";

// Five axe runs take seconds each on a shared 2-core host (48 s in all measured at load average 6).
test.describe.configure({ timeout: 120_000 });

/** A full-page screenshot at `width`, then (unless `axe: false`) the axe check. */
async function check(page: Page, label: string, width = 1280, { axe = true } = {}) {
  await page.setViewportSize({ width, height: 900 });
  await screenshot(page, SHOTS, label, width);
  if (axe) await expectNoSeriousViolations(page, `${label}@${width}`);
}

test("webhooks page: add an endpoint, secret once, test event delivered, delete", async ({ page, context }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { slug, admin } = await createAdminStore({ name: "Hook Hardware" });
  const receiver = await WebhookReceiver.start();
  try {
    await signInAt(page, `/${slug}/admin/inventory`, admin);
    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin/webhooks$`));
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByText("No endpoints yet")).toBeVisible();

    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add endpoint" });
    await dialog.getByLabel("Endpoint URL").fill(receiver.url);
    await dialog.getByRole("button", { name: "Clear" }).click();
    await expect(dialog.getByRole("button", { name: "Add endpoint" })).toBeDisabled();
    await dialog.getByRole("checkbox", { name: "inventory.changed" }).check();
    await dialog.getByRole("checkbox", { name: "order.paid" }).check();
    await check(page, "webhooks-add");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog).toBeHidden();

    // The secret, once, with a copy button.
    const secretBox = page.getByRole("textbox", { name: "Signing secret" });
    await expect(secretBox).toHaveValue(/^whsec_/);
    const secret = await secretBox.inputValue();
    await page.getByRole("button", { name: "Copy secret" }).click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const endpoint = page.getByRole("article", { name: receiver.url });
    await expect(endpoint.getByRole("list", { name: "Events" }).getByRole("listitem")).toHaveText([
      "inventory.changed",
      "order.paid",
    ]);
    await expect(endpoint.getByText("Enabled", { exact: true })).toBeVisible();
    await expect(endpoint.getByText("Nothing sent yet")).toBeVisible();
    await check(page, "webhooks-secret", 390, { axe: false });
    await check(page, "webhooks-secret");

    await page.getByRole("button", { name: "Done" }).click();
    await expect(secretBox).toHaveCount(0);
    await page.reload();
    await expect(endpoint).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    // A test event: the receiver gets it, signed with that secret; the delivery row shows it.
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Test event delivered" })).toBeVisible();
    await expect.poll(() => receiver.accepted.length).toBe(1);
    const [event] = receiver.verifiedEvents(secret);
    expect(event).toMatchObject({ type: "webhook.test", store: slug });
    const row = endpoint
      .getByRole("table", { name: `Recent deliveries to ${receiver.url}` })
      .getByRole("row")
      .filter({ hasText: event!.id });
    await expect(row).toContainText("webhook.test");
    await expect(row).toContainText("Delivered");
    await expect(row.getByRole("cell").nth(3)).toHaveText("200");
    await expect(row.getByRole("cell").nth(4)).toHaveText("1");
    await check(page, "webhooks-delivered");
    // A phone: a list instead of the table.
    await check(page, "webhooks-delivered", 390);
    const entry = endpoint
      .getByRole("list", { name: `Recent deliveries to ${receiver.url}` })
      .getByRole("listitem")
      .filter({ hasText: event!.id });
    await expect(entry).toContainText("webhook.test");
    await expect(entry).toContainText("Delivered");
    await expect(entry).toContainText("HTTP 200 · 1 attempt");
    await expect(row).toBeHidden();
    await page.setViewportSize({ width: 1280, height: 900 });

    // Disable, enable.
    await endpoint.getByRole("button", { name: "Disable" }).click();
    await expect(endpoint.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(endpoint.getByRole("button", { name: "Send test event" })).toBeDisabled();
    await endpoint.getByRole("button", { name: "Enable" }).click();
    await expect(endpoint.getByText("Enabled", { exact: true })).toBeVisible();

    // Delete, behind the confirm dialog (Cancel keeps it).
    await endpoint.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete endpoint" });
    await expect(confirm).toContainText(receiver.url);
    await check(page, "webhooks-delete");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(endpoint).toBeVisible();
    await endpoint.getByRole("button", { name: "Delete" }).click();
    await confirm.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page.getByText("No endpoints yet")).toBeVisible();
    await expect(endpoint).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
