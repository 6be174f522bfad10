import { describe, expect, it } from "vitest";
import { containsPattern, decodeCursor, encodeCursor } from "@/lib/admin/cursor";
import { AppError } from "@/lib/errors";

describe("page cursors", () => {
  it("round-trip the sort key", () => {
    expect(decodeCursor(encodeCursor(["SKU,1", "c123"]), 2)).toEqual(["SKU,1", "c123"]);
  });

  it.each(["", "not base64 json", encodeCursor(["only-one"]), encodeCursor([1, 2]), Buffer.from("{}").toString("base64url")])(
    "refuse a tampered cursor %j with INVALID_INPUT",
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(AppError);
      try {
        decodeCursor(cursor, 2);
      } catch (e) {
        expect((e as AppError).code).toBe("INVALID_INPUT");
      }
    },
  );
});

describe("containsPattern", () => {
  it("takes LIKE wildcards literally", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
