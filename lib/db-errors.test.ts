import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isInvalidInputFromDatabase, sqlState } from "./db-errors";

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

/** Prisma 7's wrapper of a driver-adapter error, as @prisma/adapter-pg throws it (shape seen in lib/db-errors.db.test.ts). */
const wrapped = (prismaCode: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `prisma.x()` invocation"), {
    code: prismaCode,
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

describe("isInvalidInputFromDatabase (class-22 SQLSTATEs become 400 in the error mapper)", () => {
  it("maps 22P05 (NUL in text or JSON), whether bare or beneath Prisma's raw-query wrapper", () => {
    expect(isInvalidInputFromDatabase(Object.assign(new Error("unsupported Unicode escape sequence"), { code: "22P05" }))).toBe(true);
    expect(isInvalidInputFromDatabase(wrapped("P2010", { originalCode: "22P05", kind: "postgres", code: "22P05" }))).toBe(true);
  });
  it("maps 22003 (numeric value out of range) beneath Prisma's query wrapper", () => {
    expect(isInvalidInputFromDatabase(wrapped("P2010", { originalCode: "22003", originalMessage: 'value "2147483648" is out of range for type integer' }))).toBe(true);
  });
  it("maps 22021 (invalid byte sequence: a NUL in a bound parameter) beneath P2039", () => {
    expect(isInvalidInputFromDatabase(wrapped("P2039", { originalCode: "22021", kind: "postgres", code: "22021" }))).toBe(true);
  });
  it("maps Prisma's P2000 (value too long for the column) with no SQLSTATE", () => {
    expect(isInvalidInputFromDatabase(Object.assign(new Error("The provided value for the column is too long"), { code: "P2000", meta: { column_name: "name" } }))).toBe(true);
  });
  it("maps the adapter's ValueOutOfRange kind even without an original code", () => {
    expect(isInvalidInputFromDatabase(wrapped("P2020", { kind: "ValueOutOfRange", cause: "out of range" }))).toBe(true);
    expect(isInvalidInputFromDatabase(Object.assign(new Error("x"), { cause: { kind: "ValueOutOfRange" } }))).toBe(true);
  });
  it("does not map other classes: a unique violation, a deadlock, a Prisma not-found or a plain bug stay unmapped", () => {
    expect(isInvalidInputFromDatabase(wrapped("P2010", { originalCode: "23505", kind: "UniqueConstraintViolation" }))).toBe(false);
    expect(isInvalidInputFromDatabase(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(false);
    expect(isInvalidInputFromDatabase(Object.assign(new Error("check violation"), { code: "23514" }))).toBe(false);
    expect(isInvalidInputFromDatabase(Object.assign(new Error("No record found"), { code: "P2025" }))).toBe(false);
    expect(isInvalidInputFromDatabase(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isInvalidInputFromDatabase(null)).toBe(false);
  });
});
