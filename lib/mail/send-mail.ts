// A one-off message that a request sends after its response (an order's link): through the shared
// transport of lib/mail/transport.ts, one per SMTP_URL in this process. Delivery failures are logged
// and reported (sent: false), never thrown at the caller; the waitlist's outbox retries its own.
import { getLogger } from "@/lib/observability/logger";
import { createMailTransport, type MailConfig, type MailMessage, type MailTransport } from "@/lib/mail/transport";

export type { MailConfig, MailMessage };
export type MailResult = { sent: boolean; via: "smtp" | "log"; error?: string };

const transports = new Map<string, MailTransport>();

function transportFor(config: MailConfig): MailTransport {
  const key = `${config.smtpUrl ?? ""}\u0000${config.from}`;
  let t = transports.get(key);
  if (!t) {
    t = createMailTransport(config);
    transports.set(key, t);
  }
  return t;
}

export async function sendMail(config: MailConfig, message: MailMessage): Promise<MailResult> {
  const transport = transportFor(config);
  try {
    await transport.send(message);
    if (transport.kind === "smtp") getLogger().info({ to: message.to, subject: message.subject }, "mail sent");
    return { sent: true, via: transport.kind };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    getLogger().warn({ to: message.to, subject: message.subject, err: error }, "mail not sent");
    return { sent: false, via: transport.kind, error };
  }
}
