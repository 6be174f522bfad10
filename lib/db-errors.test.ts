import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, sqlState } from "./db-errors";

describe("sqlState", () => {
  it("finds the PostgreSQL code beneath Prisma's P2010 wrapper", () => {
    const e = Object.assign(new Error("Raw query failed"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { originalCode: "23505", kind: "UniqueConstraintViolation" } } },
    });
    expect(sqlState(e)).toBe("23505");
  });
  it("reads a plain pg error's code", () => {
    expect(sqlState(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe("40P01");
  });
  it("answers undefined when there is no SQLSTATE", () => {
    expect(sqlState(Object.assign(new Error("x"), { code: "P2002" }))).toBeUndefined();
  });
});

describe("isDatabaseUnavailable", () => {
  it("treats refused connections, shutdowns and statement timeouts as unavailable", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("canceling statement due to statement timeout"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
  });
  it("does not hide bugs as outages", () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
  });
});
