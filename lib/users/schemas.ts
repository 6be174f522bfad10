// The shapes of account input (sign-up form, API and CLI share them).
import { z } from "zod";

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address." }))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(8, { message: "Use at least 8 characters." })
  .max(200, { message: "Use at most 200 characters." });

export const nameSchema = z.string().trim().min(1, { message: "Enter your name." }).max(100);

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
  password: z.string().min(1).max(200),
});
export type SignInInput = z.infer<typeof signInInputSchema>;

export const roleSchema = z.enum(["OWNER", "ADMIN"]);
export type MembershipRole = z.infer<typeof roleSchema>;

export type UserView = { id: string; email: string; name: string | null };
