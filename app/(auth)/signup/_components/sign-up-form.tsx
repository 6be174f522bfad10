"use client";
// Creates the account through POST /api/auth/signup (the same route integrations use), then signs
// in with the same credentials through the sign-in action (which also merges the guest carts).
import { useActionState } from "react";
import { signInAction } from "../../signin/actions";
import { Field, FormAlert, SubmitButton } from "../../signin/_components/auth-card";

type SignUpState = { error?: string; fieldErrors?: Record<string, string>; email?: string; name?: string };

type ErrorBody = { error?: { code?: string; message?: string; details?: { fields?: { path: string; message: string }[] } } };

async function signUp(_prev: SignUpState, formData: FormData): Promise<SignUpState> {
  const email = String(formData.get("email") ?? "");
  const name = String(formData.get("name") ?? "");
  const password = String(formData.get("password") ?? "");
  let res: Response;
  try {
    res = await fetch("/api/auth/signup", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password, name }),
    });
  } catch {
    return { error: "We could not reach the shop. Check your connection and try again.", email, name };
  }
  if (res.status !== 201) {
    const body = (await res.json().catch(() => ({}))) as ErrorBody;
    if (body.error?.code === "CONFLICT")
      return { error: "An account with this email already exists. Sign in instead.", email, name };
    const fieldErrors = Object.fromEntries((body.error?.details?.fields ?? []).map((f) => [f.path, f.message]));
    return {
      error: Object.keys(fieldErrors).length ? undefined : (body.error?.message ?? "Creating the account did not work."),
      fieldErrors,
      email,
      name,
    };
  }
  const result = await signInAction({}, formData);
  return { error: result.error, email, name };
}

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignUpState, FormData>(signUp, {});
  return (
    <form action={action} className="space-y-4">
      <FormAlert message={state.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label="Name"
        name="name"
        type="text"
        autoComplete="name"
        defaultValue={state.name}
        error={state.fieldErrors?.name}
        maxLength={100}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.email}
        error={state.fieldErrors?.email}
        maxLength={254}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={state.fieldErrors?.password}
        minLength={8}
        maxLength={200}
      />
      <SubmitButton pending={pending}>{pending ? "Creating account…" : "Create account"}</SubmitButton>
    </form>
  );
}
