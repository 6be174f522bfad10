// The app's public origin for links the providers send shoppers to and webhooks back to:
// APP_URL when set (behind proxies the request's own URL may be internal), else the request's origin.
import { getEnv, type Env } from "@/lib/env";

export function appUrlFor(requestUrl: string, env: Pick<Env, "APP_URL"> = getEnv()): string {
  return (env.APP_URL ?? new URL(requestUrl).origin).replace(/\/+$/, "");
}
