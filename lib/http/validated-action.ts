// validatedAction(): the adapter of server actions. Its arguments (a form's FormData, or the values
// an action was bound to) are parsed once with a zod schema, and the action gets the typed input;
// input that does not parse goes to `onInvalid` (by default the 400 INVALID_INPUT error, thrown).
import "server-only";
import type { ZodError, ZodType } from "zod";
import { zodToAppError } from "@/lib/http/error-response";

type Options<R> = { onInvalid?: (error: ZodError) => R | Promise<R> };

/** A form's fields as a plain object (a repeated name keeps its first value). */
export function formFields(formData: FormData): Record<string, FormDataEntryValue> {
  const fields: Record<string, FormDataEntryValue> = {};
  for (const [name, value] of formData) if (!(name in fields)) fields[name] = value;
  return fields;
}

async function run<T, R>(schema: ZodType<T>, raw: unknown, action: (input: T) => Promise<R>, options: Options<R>): Promise<R> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    if (options.onInvalid) return options.onInvalid(parsed.error);
    throw zodToAppError(parsed.error);
  }
  return action(parsed.data);
}

/** For `<form action={…}>`: the form's fields, parsed. */
export function validatedAction<T, R>(schema: ZodType<T>, action: (input: T) => Promise<R>, options: Options<R> = {}): (formData: FormData) => Promise<R> {
  return async (formData) => run(schema, formFields(formData), action, options);
}

/** For useActionState: `(previousState, formData)`, the form's fields parsed. */
export function validatedStateAction<S, T, R extends S>(
  schema: ZodType<T>,
  action: (input: T) => Promise<R>,
  options: Options<R> = {},
): (previous: S, formData: FormData) => Promise<R> {
  return async (_previous, formData) => run(schema, formFields(formData), action, options);
}

/** For an action bound to a value (`action.bind(null, value)`): that value, parsed. */
export function validatedBoundAction<T, R>(schema: ZodType<T>, action: (input: T) => Promise<R>, options: Options<R> = {}): (value: unknown) => Promise<R> {
  return async (value) => run(schema, value, action, options);
}
