// Signing an API client in the way a browser does through Auth.js (csrf token + credentials
// callback), and admin API tokens for a store, for HTTP specs.
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { APP_URL, createToken } from "./fixtures";

/** Signs `request` in (its cookie jar gets the session cookie); throws if the credentials are refused. */
export async function signIn(request: APIRequestContext, email: string, password: string): Promise<void> {
  const res = await postCredentials(request, email, password);
  const location = res.headers()["location"] ?? "";
  if (res.status() !== 302 || location.includes("error=")) {
    throw new Error(`sign-in as ${email} was refused (${res.status()} → ${location})`);
  }
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.email, "the session after sign-in").toBe(email.toLowerCase());
}

/** The raw credentials callback (no redirects followed), for specs that look at the answer itself. */
export async function postCredentials(request: APIRequestContext, email: string, password: string, callbackUrl = `${APP_URL}/`) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, callbackUrl }, maxRedirects: 0 });
}

/** A new API client signed in as `who`. Dispose it when done. */
export async function signedInClient(who: { email: string; password: string }): Promise<APIRequestContext> {
  const client = await playwrightRequest.newContext({ baseURL: APP_URL });
  await signIn(client, who.email, who.password);
  return client;
}

/** A new admin API token of `store` (stored hashed, like the admin API's own), as a Bearer header value. */
export async function adminToken(store: string, name = "e2e token"): Promise<string> {
  return (await createToken({ store, name })).token;
}

/** A new API client that sends `Authorization: Bearer <token>` on every request. */
export async function tokenClient(token: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}
