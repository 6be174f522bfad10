import { describe, expect, it } from "vitest";
import { signUpInputSchema } from "@/lib/users/schemas";

describe("signUpInputSchema", () => {
  it("normalises the email and trims the name", () => {
    expect(signUpInputSchema.parse({ email: "  Ada@Example.TEST ", password: "correct horse", name: " Ada " })).toEqual({
      email: "ada@example.test",
      password: "correct horse",
      name: "Ada",
    });
  });

  it.each([
    [{ email: "nope", password: "12345678", name: "A" }, "email"],
    [{ email: "a@b.test", password: "1234567", name: "A" }, "password"],
    [{ email: "a@b.test", password: "x".repeat(201), name: "A" }, "password"],
    [{ email: "a@b.test", password: "12345678", name: "" }, "name"],
    [{ email: "a@b.test", password: "12345678", name: "A", admin: true }, ""],
    [{ email: "a@b.test", password: 12345678, name: "A" }, "password"],
  ])("refuses %j", (input, path) => {
    const r = signUpInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.path.join(".")).toBe(path);
  });
});
