// What the engine's db tests share: a fixed clock, an admin actor, cart tokens, and the checks
// they make after each step (lib/inventory/engine.db.test.ts, stock-changes.db.test.ts).
import { expect } from "vitest";
import { AppError } from "@/lib/errors";
import { checkInvariants } from "@/lib/inventory/invariants";
import type { TestDb } from "@/lib/testing/test-db";

export const T0 = new Date("2026-03-01T12:00:00.000Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
export const admin = { type: "USER" as const, id: "user-1", label: "admin@test" };
let tokenSeq = 0;
export const token = () => `tok-${++tokenSeq}-${Math.random().toString(36).slice(2)}`;

export async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

export async function expectConsistent(t: TestDb) {
  expect(await checkInvariants({ db: t.db })).toEqual([]);
}

export async function activeHolds(t: TestDb, variantId: string) {
  return t.db.hold.findMany({ where: { variantId, status: "ACTIVE" }, select: { id: true, quantity: true, expiresAt: true, cartId: true } });
}
