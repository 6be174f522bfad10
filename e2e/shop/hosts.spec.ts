// The shopper journey (add → cart → checkout → the sandbox's pay page → the order page) at every
// host a local run is reached on: 127.0.0.1, localhost and the machine's LAN address, in Chromium,
// against a server of the same build started like the quickstart (APP_URL unset, APP_URL_FROM_HOST
// on, listening on every interface). Every link and redirect stays on the host the browser used,
// the cart cookie is kept over plain http on the LAN address (it is Secure only for an https
// origin), and the payment's webhook reaches the app itself, so the order ends Paid.
import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";
import { createProduct, itemCounters } from "../support/fixtures";
import { startAltServer, type AltServer } from "../security/security-fixtures";
import { addToCart, createStore } from "./shop-fixtures";

function lanAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal);
  if (!found) throw new Error("this machine has no non-loopback IPv4 address to test a LAN origin on");
  return found.address;
}

let server: AltServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startAltServer({ APP_URL: undefined, AUTH_URL: undefined, APP_URL_FROM_HOST: "1", AUTH_TRUST_HOST: "true" }, { host: "0.0.0.0" });
});
test.afterAll(async () => {
  await server?.stop();
});

for (const host of ["127.0.0.1", "localhost", "lan"] as const) {
  test(`the whole journey stays on ${host === "lan" ? "the LAN address" : host} and ends Paid`, async ({ browser }) => {
    const port = new URL(server.url).port;
    const origin = `http://${host === "lan" ? lanAddress() : host}:${port}`;
    const store = await createStore({ name: `Hosts ${host}` });
    const product = await createProduct({ store, stock: 5, title: `Host Lamp ${host}`, priceCents: 1500 });
    const context = await browser.newContext({ baseURL: origin });
    const page = await context.newPage();
    try {
      await page.goto(`/${store}/products/${product.slug}`);
      await addToCart(page, 1);
      const cart = (await context.cookies(origin)).find((c) => c.name === `cart_${store}`);
      expect(cart, "the browser kept the cart cookie").toBeDefined();
      expect(cart?.secure, "plain http: the cookie is not Secure").toBe(false);

      await page.goto(`/${store}/cart`);
      await expect(page.getByRole("heading", { name: `Host Lamp ${host}` })).toBeVisible();
      await page.getByLabel("Email").fill("guest@example.test"); // a guest gives an email for the receipt
      await page.getByRole("button", { name: "Checkout" }).click();
      await page.waitForURL(/\/pay\/sandbox\//);
      expect(new URL(page.url()).origin).toBe(origin);
      await page.getByRole("button", { name: "Pay now" }).click();

      await page.waitForURL(new RegExp(`/${store}/orders/[^/]+$`));
      expect(new URL(page.url()).origin).toBe(origin);
      await expect(page.getByRole("heading", { level: 1, name: "Paid" })).toBeVisible();
      expect(await itemCounters(product.itemId)).toEqual({ stock: 4, reserved: 0 });
    } finally {
      await context.close();
    }
  });
}
