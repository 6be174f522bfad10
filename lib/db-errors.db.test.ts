// The error mapper against the real database: values PostgreSQL refuses as data (SQLSTATE class 22)
// are answered 400 INVALID_INPUT in API.md's shape, not 500; other database errors are not.
import { describe, expect, it } from "vitest";
import { toErrorResponse } from "@/lib/http/error-response";
import { testDbForFile } from "@/lib/testing/test-db";
import { createTestStore } from "@/lib/testing/cart-fixtures";

const t = testDbForFile();

async function mapped(query: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const e = await query().then(
    () => {
      throw new Error("the database accepted the value");
    },
    (err: unknown) => err,
  );
  const res = toErrorResponse(e);
  return { status: res.status, body: await res.json() };
}

const INVALID = { status: 400, body: { error: { code: "INVALID_INPUT", message: expect.any(String) } } };

describe("the error mapper with real database errors", () => {
  it("answers an int4 overflow written through Prisma (P2020 / 22003) with 400 INVALID_INPUT", async () => {
    const store = await createTestStore(t.db);
    expect(await mapped(() => t.db.store.update({ where: { id: store.id }, data: { maxHoldExtensions: 2147483648 } }))).toEqual(INVALID);
    // Nothing was written.
    expect((await t.db.store.findUniqueOrThrow({ where: { id: store.id } })).maxHoldExtensions).not.toBe(2147483648);
  });
  it("answers an out-of-range value in a raw query (P2010 / 22003) and a malformed integer (22P02) with 400", async () => {
    expect(await mapped(() => t.db.$queryRaw`SELECT ${"99999999999999999999"}::int8`)).toEqual(INVALID);
    expect(await mapped(() => t.db.$queryRaw`SELECT ${"abc"}::int4`)).toEqual(INVALID);
  });
  it("answers a NUL byte in a looked-up string (22021) with 400", async () => {
    expect(await mapped(() => t.db.store.findUnique({ where: { slug: "a\u0000b" } }))).toEqual(INVALID);
  });
  it("answers a \\u0000 escape in JSON text PostgreSQL parses (22P05) with 400", async () => {
    expect(await mapped(() => t.db.$queryRaw`SELECT (${'"a\\u0000b"'}::jsonb #>> '{}') AS v`)).toEqual(INVALID);
  });
  it("still answers a non-data error (a unique violation, 23505) with 500", async () => {
    const store = await createTestStore(t.db);
    const res = await mapped(() => t.db.store.create({ data: { slug: store.slug, name: "dup" } }));
    expect(res).toEqual({ status: 500, body: { error: { code: "INTERNAL", message: expect.any(String) } } });
  });
});
