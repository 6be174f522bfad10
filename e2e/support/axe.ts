// The accessibility check every Chromium spec uses: no serious or critical axe violation on the page
// as it stands (`expectNoSeriousViolations`), or at a phone (390 px) and a laptop (1280 px) width
// (`expectAxeClean`). `screenshot` keeps a full-page picture (under tmp/ or /tmp, not committed) for a
// person to look at.
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const AXE_WIDTHS = [390, 1280] as const;

/** No serious or critical axe violation on the page as it stands; each one found is named in the failure. */
export async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: [${v.impact}] ${v.id} — ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
  expect(serious, serious.join("\n")).toEqual([]);
}

/** The page does not scroll sideways: anything wider than the screen scrolls inside its own region. */
export async function expectNoSidewaysScroll(page: Page, label: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${label}: the page is ${overflow} px wider than the screen`).toBe(0);
}

/** A full-page screenshot of the page as it stands, as `<dir>/<label>-<width>.png`. */
export async function screenshot(page: Page, dir: string, label: string, width: number) {
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${label.replace(/[^a-z0-9]+/gi, "-")}-${width}.png`), fullPage: true });
}

/** At each width (390 and 1280 px unless told): a screenshot into `shots` when given, then the axe check. */
export async function expectAxeClean(page: Page, label: string, options: { shots?: string; widths?: readonly number[] } = {}) {
  for (const width of options.widths ?? AXE_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    if (options.shots) await screenshot(page, options.shots, label, width);
    await expectNoSeriousViolations(page, `${label} @${width}`);
  }
}
