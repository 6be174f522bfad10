import { describe, expect, it } from "vitest";
import { checkDelaySeconds, isPastGiveUp, nextCheckAt } from "@/lib/payments/backoff";

describe("payment check backoff", () => {
  it("is 30 s, 1 min, 2 min, 4 min … capped at 1 h", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map(checkDelaySeconds)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(nextCheckAt(new Date("2026-01-01T00:00:00Z"), 1).toISOString()).toBe("2026-01-01T00:01:00.000Z");
  });
  it("gives up after 24 h", () => {
    const created = new Date("2026-01-01T00:00:00Z");
    expect(isPastGiveUp(created, new Date("2026-01-01T23:59:59Z"))).toBe(false);
    expect(isPastGiveUp(created, new Date("2026-01-02T00:00:00Z"))).toBe(true);
  });
});
