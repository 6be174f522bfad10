import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { formFields, validatedAction, validatedBoundAction, validatedStateAction } from "@/lib/http/validated-action";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("validated server actions", () => {
  const schema = z.object({ store: z.string().regex(/^[a-z]+$/), quantity: z.coerce.number().int().min(1) });

  it("hand the action the parsed form, once", async () => {
    const action = vi.fn(async (input: z.infer<typeof schema>) => input);
    const run = validatedAction(schema, action);
    expect(await run(form([["store", "shop"], ["quantity", "2"], ["quantity", "9"]]))).toEqual({ store: "shop", quantity: 2 });
    expect(action).toHaveBeenCalledTimes(1);
    expect(formFields(form([["a", "1"], ["a", "2"]]))).toEqual({ a: "1" });
  });

  it("input that does not parse never reaches the action: onInvalid answers, else 400 INVALID_INPUT is thrown", async () => {
    const action = vi.fn(async () => "ran");
    await expect(validatedAction(schema, action)(form([["store", "Bad!"], ["quantity", "1"]]))).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === "INVALID_INPUT" && e.status === 400,
    );
    const withFallback = validatedStateAction<{ error?: string }, z.infer<typeof schema>, { error?: string }>(schema, async () => ({}), {
      onInvalid: (e) => ({ error: e.issues[0]!.path.join(".") }),
    });
    expect(await withFallback({}, form([["store", "shop"], ["quantity", "0"]]))).toEqual({ error: "quantity" });
    expect(await validatedBoundAction(z.string().min(3), action, { onInvalid: () => "refused" })("ab")).toBe("refused");
    expect(action).not.toHaveBeenCalled();
    expect(await validatedBoundAction(z.string().min(3), action)("abc")).toBe("ran");
  });
});
