// Shared by the admin route handlers: request-scoped deps and never-cached JSON answers.
import { getDb } from "@/lib/db";
import type { Deps } from "@/lib/deps";

export type StoreCtx = { params: Promise<{ store: string }> };
export type SkuCtx = { params: Promise<{ store: string; sku: string }> };

export function requestDeps(): Deps {
  return { db: getDb(), now: new Date() };
}

/** Admin data is private and live: never cached by browsers or proxies. */
export function adminJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { "Cache-Control": "no-store", ...init.headers } });
}
