// The one way an adapter (route handler, server action) builds what a domain function takes:
// the process's database client and this request's clock, read once per request.
import "server-only";
import { getDb } from "@/lib/db";
import type { Deps } from "@/lib/deps";

export function requestDeps(): Deps {
  return { db: getDb(), now: new Date() };
}
