// The webhook target guard: private, loopback and link-local targets are refused unless
// WEBHOOKS_ALLOW_PRIVATE_TARGETS, judged on the resolved addresses, at creation and at connection;
// redirects are not followed. Against a real local receiver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPublicTarget, isPrivateAddress } from "@/lib/events/url-guard";
import { sendWebhook } from "@/lib/events/send-webhook";
import { newWebhookSecret } from "@/lib/events/webhook-endpoints";

describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["::", true],
    ["fe80::1", true],
    ["fd00::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["93.184.216.34", false],
    ["8.8.8.8", false],
    ["2606:4700:4700::1111", false],
    ["::ffff:8.8.8.8", false],
  ])("%s → %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe("assertPublicTarget", () => {
  const resolveTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it("refuses a literal private address, and a public name that resolves to one (flag off)", async () => {
    await expect(assertPublicTarget("http://127.0.0.1:8080/hook", { allowPrivate: false })).rejects.toMatchObject({ code: "INVALID_INPUT", details: { reason: "private_target" } });
    await expect(assertPublicTarget("https://[::1]/hook", { allowPrivate: false })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(assertPublicTarget("https://rebind.example/hook", { allowPrivate: false, resolve: resolveTo("93.184.216.34", "10.0.0.5") })).rejects.toMatchObject({
      details: { reason: "private_target" },
    });
    await expect(assertPublicTarget("http://localhost:3000/", { allowPrivate: false })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("accepts a public target, and a private one when allowed", async () => {
    await expect(assertPublicTarget("https://hooks.example/x", { allowPrivate: false, resolve: resolveTo("93.184.216.34") })).resolves.toBeUndefined();
    await expect(assertPublicTarget("http://127.0.0.1:8080/hook", { allowPrivate: true })).resolves.toBeUndefined();
  });
});

describe("sendWebhook against a local receiver", () => {
  let server: http.Server;
  let port = 0;
  const got: { headers: http.IncomingHttpHeaders; body: string; url: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        got.push({ headers: req.headers, body, url: req.url ?? "" });
        if (req.url === "/redirect") {
          res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("refuses loopback by address and by name with the flag off; sends signed with it on; never follows a redirect", async () => {
    const secret = newWebhookSecret();
    const msg = { secret, id: "evt_1", body: JSON.stringify({ id: "evt_1", type: "inventory.changed" }), at: new Date() };
    const byAddress = await sendWebhook({ ...msg, url: `http://127.0.0.1:${port}/ok` }, { allowPrivate: false });
    expect(byAddress).toMatchObject({ ok: false, statusCode: null });
    const byName = await sendWebhook({ ...msg, url: `http://localhost:${port}/ok` }, { allowPrivate: false });
    expect(byName).toMatchObject({ ok: false, statusCode: null });
    expect(byName.error).toContain("private");
    expect(got).toHaveLength(0); // nothing reached the receiver

    const sent = await sendWebhook({ ...msg, url: `http://localhost:${port}/ok` }, { allowPrivate: true });
    expect(sent).toEqual({ ok: true, statusCode: 204, error: null });
    expect(got).toHaveLength(1);
    const h = got[0]!.headers;
    expect(new Webhook(secret).verify(got[0]!.body, { "webhook-id": String(h["webhook-id"]), "webhook-timestamp": String(h["webhook-timestamp"]), "webhook-signature": String(h["webhook-signature"]) })).toMatchObject({ id: "evt_1" });
    expect(String(h["webhook-signature"])).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const redirected = await sendWebhook({ ...msg, url: `http://127.0.0.1:${port}/redirect` }, { allowPrivate: true });
    expect(redirected).toMatchObject({ ok: false, statusCode: 302 });
    expect(got.map((g) => g.url)).toEqual(["/ok", "/redirect"]);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const p = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const r = await sendWebhook({ url: `http://127.0.0.1:${p}/`, secret: newWebhookSecret(), id: "evt_2", body: "{}", at: new Date() }, { allowPrivate: true, timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(r.error).toContain("timed out");
    expect(Date.now() - started).toBeLessThan(3000);
    silent.closeAllConnections();
    await new Promise<void>((res) => silent.close(() => res()));
  });
});
