// The accessibility check every Chromium spec uses: no serious or critical axe violation on the page
// as it stands, at a phone (390 px) and a laptop (1280 px) width. With `shots`, a full-page screenshot
// of each width goes there too (under tmp/, not committed) for a person to look at.
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const AXE_WIDTHS = [390, 1280] as const;

export async function expectAxeClean(page: Page, label: string, options: { shots?: string; widths?: readonly number[] } = {}) {
  for (const width of options.widths ?? AXE_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    if (options.shots) {
      mkdirSync(options.shots, { recursive: true });
      await page.screenshot({
        path: path.join(options.shots, `${label.replace(/[^a-z0-9]+/gi, "-")}-${width}.png`),
        fullPage: true,
      });
    }
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${label} @${width}: [${v.impact}] ${v.id} — ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
      );
    expect(serious, serious.join("\n")).toEqual([]);
  }
}
