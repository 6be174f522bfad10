"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "../actions";
import { Field, FormAlert, SubmitButton } from "./auth-card";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: initialError });
  return (
    <form action={action} className="space-y-4" noValidate={false}>
      <FormAlert message={state.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={state.email} maxLength={254} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" maxLength={200} />
      <SubmitButton pending={pending}>{pending ? "Signing in…" : "Sign in"}</SubmitButton>
    </form>
  );
}
