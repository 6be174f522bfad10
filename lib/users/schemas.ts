// The shapes of account input (sign-up form, API and CLI share them).
import { z } from "zod";
import { text } from "@/lib/schemas/text";

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export const emailSchema = text({ max: 254 })
  .pipe(z.email({ message: "Enter a valid email address." }))
  .transform((e) => e.toLowerCase());

export const passwordSchema = text({ max: 200, trim: false })
  .min(8, { message: "Use at least 8 characters." })
  .max(200, { message: "Use at most 200 characters." });

export const nameSchema = text({ min: 1, max: 100, minMessage: "Enter your name." });

export const signUpInputSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema,
  })
  .strict();
export type SignUpInput = z.infer<typeof signUpInputSchema>;

export const signInInputSchema = z.object({
  email: emailSchema,
  password: text({ min: 1, max: 200, trim: false }),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

export type UserView = { id: string; email: string; name: string | null };
