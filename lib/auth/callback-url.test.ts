import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackUrl("/demo/admin/inventory?state=low_stock")).toBe("/demo/admin/inventory?state=low_stock");
  });
  it.each(["https://evil.test/", "//evil.test/x", "/\\evil.test", "javascript:alert(1)", "demo", "", null, 42, "/a\nb"])(
    "refuses %j",
    (v) => {
      expect(safeCallbackUrl(v)).toBe("/");
    },
  );
});
