// API.md's error shape, as every API spec checks a refusal: the status, a JSON body with only
// `error: { code, message, details? }`, and nothing of the server's insides (SQL, Prisma, stack frames).
import { expect, type APIResponse } from "@playwright/test";

export async function expectError(res: APIResponse, status: number, code: string) {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  const body = await res.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  expect(Object.keys(body.error).every((k) => ["code", "message", "details"].includes(k))).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/SELECT|prisma|at \w+ \(|\.ts:\d+/i);
  return body.error as { code: string; message: string; details?: Record<string, unknown> };
}
