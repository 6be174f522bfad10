// Dates in the shopper's locale and time zone: a German shopper in Tokyo sees the order's time the
// German way in Tokyo time, on the account page and on the order's own page. The order is placed at
// 20:30 UTC, already the next day in Tokyo, so a UTC or English rendering cannot pass.
import { expect, test } from "@playwright/test";
import { signIn } from "../support/auth";
import { createProduct, createUser, sql } from "../support/fixtures";
import { createStore } from "./shop-fixtures";

test.use({ locale: "de-DE", timezoneId: "Asia/Tokyo" });

const PLACED_AT = "2026-12-05T20:30:00.000Z";
// components/ui/local-time.tsx's "long" format, which both pages use for when an order was placed.
const LONG: Intl.DateTimeFormatOptions = { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
// Chromium and Node may space a date with a narrow or no-break space: compare the words.
const words = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ").trim();

test("a German shopper in Tokyo sees the order's time in German, in Tokyo time, on the account and order pages", async ({ page }) => {
  const expected = words(new Intl.DateTimeFormat("de-DE", { ...LONG, timeZone: "Asia/Tokyo" }).format(new Date(PLACED_AT)));
  // The same instant written in UTC or in English reads differently: the assertion can fail.
  expect(expected).not.toBe(words(new Intl.DateTimeFormat("de-DE", { ...LONG, timeZone: "UTC" }).format(new Date(PLACED_AT))));
  expect(expected).not.toBe(words(new Intl.DateTimeFormat("en-US", { ...LONG, timeZone: "Asia/Tokyo" }).format(new Date(PLACED_AT))));
  expect(expected).toContain("05:30"); // 20:30 UTC is 05:30 the next morning in Tokyo
  expect(expected).toMatch(/Dez/); // German month

  const store = await createStore({ name: "Locale Goods" });
  const product = await createProduct({ store, stock: 5, title: "Locale Lantern" });
  const user = await createUser({ name: "Kai Locale" });
  await signIn(page.request, user.email, user.password);
  expect((await page.request.post(`/api/stores/${store}/cart/items`, { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
  expect((await page.request.post(`/api/stores/${store}/checkout`, { data: {} })).status()).toBe(201);
  // A fixed instant (timestamp columns hold UTC): the literal is cast, never shifted by this process's zone.
  const moved = await sql<{ id: string }>(`UPDATE "Order" SET "createdAt" = $2::timestamp WHERE "userId" = $1 RETURNING id`, [user.id, PLACED_AT.replace("Z", "")]);
  expect(moved).toHaveLength(1);

  await page.goto(`/${store}/account`);
  const link = page.getByRole("main").getByRole("link", { name: /^Order #\d+/ });
  await expect(link).toHaveCount(1);
  const listed = link.locator("time");
  expect(new Date((await listed.getAttribute("datetime"))!).toISOString()).toBe(PLACED_AT);
  // The server's HTML says UTC; once hydrated the browser writes the shopper's own format.
  await expect.poll(async () => words((await listed.textContent()) ?? "")).toBe(expected);
  await expect(page.getByRole("main").getByText(/\bUTC\b/)).toHaveCount(0);

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/${store}/orders/`));
  const placed = page.locator("dl > div").filter({ has: page.locator("dt", { hasText: "Placed" }) }).locator("time");
  await expect(placed).toHaveCount(1);
  await expect.poll(async () => words((await placed.textContent()) ?? "")).toBe(expected);
});
