// Health shows what is wrong and what to do: a stale or failed cleanup run, and counters that
// drifted from their holds (injected here with SQL, then put back).
import { expect, test } from "@playwright/test";
import { createProduct, newId, sql } from "../support/fixtures";
import { createAdminStore, signInAt } from "./admin-fixtures";

test("with a stale cleanup run, a failed one and injected counter drift, Health shows the failing checks and their hints", async ({ page }) => {
  const { slug, admin } = await createAdminStore();
  const item = await createProduct({ store: slug, stock: 4, title: "Drifting Dial" });
  const staleRun = newId();
  const failedRun = newId();
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
  try {
    await sql(
      `INSERT INTO "JobRun" (id, job, status, "dryRun", "startedAt", "finishedAt", "durationMs", figures)
       VALUES ($1, 'cleanup', 'OK', false, $2, $2::timestamp + interval '420 milliseconds', 420, '{"expiredHolds": 2, "releasedUnits": 3, "cancelledOrders": 0, "repaired": 0}'::jsonb)`,
      [staleRun, threeDaysAgo],
    );
    await sql(
      `INSERT INTO "JobRun" (id, job, status, "dryRun", "startedAt", "finishedAt", "durationMs", error)
       VALUES ($1, 'cleanup', 'FAILED', false, now() - interval '1 minute', now() - interval '1 minute', 1250, 'e2e: the database went away mid-batch')`,
      [failedRun],
    );
    // Drift: a reserved unit no hold accounts for.
    await sql(`UPDATE "InventoryItem" SET reserved = 1 WHERE id = $1`, [item.itemId]);

    await signInAt(page, `/${slug}/admin/health`, admin);
    await expect(page.getByRole("heading", { level: 1, name: "Health" })).toBeVisible();
    const score = page.getByRole("region", { name: /Health score/ });
    await expect(score).toContainText("Something is wrong");
    const scoreValue = Number(await score.locator(".text-2xl").textContent());
    expect(scoreValue).toBeLessThan(100);

    const checks = page.getByRole("region", { name: "Checks" });
    const drift = checks.getByRole("listitem").filter({ hasText: "Counters that disagree with holds or ledger" });
    await expect(drift).toContainText("Failing");
    await expect(drift).toContainText("What to do:");
    await expect(drift).toContainText("npm run ops -- reconcile --repair");

    const stale = checks.getByRole("listitem").filter({ hasText: "Time since the last cleanup run" });
    await expect(stale).toContainText("Failing");
    await expect(stale).toContainText(/3d \d+h ago/);
    await expect(stale).toContainText("has not run for over 26 hours");

    const failed = checks.getByRole("listitem").filter({ hasText: "Last cleanup run failed" });
    await expect(failed).toContainText("e2e: the database went away mid-batch");

    // The job card: when, how long, the failure.
    const cleanup = page.getByRole("article", { name: "Cleanup" });
    await expect(cleanup).toContainText("Failed");
    await expect(cleanup).toContainText("1.3 s");
    await expect(cleanup).toContainText("Error: e2e: the database went away mid-batch");
    await expect(cleanup).toContainText(/Last success\s*3 ?d/);

    // Put the counter back: the drift check passes again on the next refresh.
    await sql(`UPDATE "InventoryItem" SET reserved = 0 WHERE id = $1`, [item.itemId]);
    await page.reload();
    await expect(page.getByRole("region", { name: "Checks" }).getByRole("listitem").filter({ hasText: "Counters that disagree" })).toContainText("OK");
  } finally {
    await sql(`UPDATE "InventoryItem" SET reserved = 0 WHERE id = $1`, [item.itemId]);
    await sql(`DELETE FROM "JobRun" WHERE id = ANY($1::text[])`, [[staleRun, failedRun]]);
  }
});
