// Rate limits count the client's real address, not one it writes itself. The suite's server trusts
// only 127.0.0.1 as a proxy (TRUSTED_PROXIES, e2e/support/e2e-env.mjs); these clients connect from
// other loopback addresses (a socket bound to 127.x.y.z), so to the server they are clients with no
// proxy in front, like anyone on the internet reaching a bare `npm start`. A random X-Forwarded-For
// on every request does not dodge the per-IP sign-up limit; a victim's address in it does not aim
// the limit at the victim; the trusted proxy's X-Forwarded-For still names the client.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { APP_URL, randomIp } from "./security-fixtures";

/** A loopback address of this run's own (so a rerun within the minute starts with fresh buckets). */
function loopback(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${b()}.${b()}.${b()}`;
}

function signUp(from: string, forwardedFor?: string): Promise<number> {
  const url = new URL(APP_URL);
  const body = JSON.stringify({ email: `ip-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, password: "long-enough-pass", name: "Address" });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/api/auth/signup",
        localAddress: from,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const LIMIT = 20; // RATE_LIMIT_SIGNUP_PER_IP's default, a minute

test("a new X-Forwarded-For on every request does not dodge the per-IP limit", async () => {
  const attacker = loopback();
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 2; i++) statuses.push(await signUp(attacker, `${randomIp()}, ${randomIp()}`));
  expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(201));
  expect(statuses.slice(LIMIT)).toEqual([429, 429]);
});

test("a victim's address in X-Forwarded-For does not aim the limit at the victim; the trusted proxy's header still names its client", async () => {
  const attacker = loopback();
  const victim = loopback();
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 1; i++) statuses.push(await signUp(attacker, victim));
  // The attacker spent its own allowance…
  expect(statuses.at(-1)).toBe(429);
  // …not the victim's: from its own address, and through the trusted proxy (127.0.0.1) naming it.
  expect(await signUp(victim)).toBe(201);
  expect(await signUp("127.0.0.1", victim)).toBe(201);
  // The proxy's X-Forwarded-For counts: the victim's allowance is one bucket, wherever it is reached from.
  for (let i = 2; i < LIMIT; i++) expect(await signUp(victim)).toBe(201);
  expect(await signUp("127.0.0.1", `${randomIp()}, ${victim}`)).toBe(429);
});
