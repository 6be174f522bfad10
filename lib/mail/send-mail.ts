// Outgoing mail, for any domain that tells a person something (order links, waitlist offers):
// through SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS) from MAIL_FROM with nodemailer;
// with no SMTP_URL the message is written to the log instead, so a development setup loses nothing.
// Delivery failures are logged and reported (sent: false), never thrown at the caller's request.
import nodemailer, { type Transporter } from "nodemailer";
import { getLogger } from "@/lib/observability/logger";

export type MailMessage = { to: string; subject: string; text: string };
export type MailConfig = { smtpUrl: string | null; from: string };
export type MailResult = { sent: boolean; via: "smtp" | "log"; messageId?: string; error?: string };

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    // Short timeouts: a mail server that does not answer must not hold a request or a job.
    t = nodemailer.createTransport(url, { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 });
    transports.set(url, t);
  }
  return t;
}

export async function sendMail(config: MailConfig, message: MailMessage): Promise<MailResult> {
  const log = getLogger();
  if (!config.smtpUrl) {
    log.info({ mail: { from: config.from, ...message } }, "mail (no SMTP_URL: written to the log)");
    return { sent: true, via: "log" };
  }
  try {
    const info = await transportFor(config.smtpUrl).sendMail({ from: config.from, ...message });
    log.info({ to: message.to, subject: message.subject, messageId: info.messageId }, "mail sent");
    return { sent: true, via: "smtp", messageId: info.messageId };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    log.warn({ to: message.to, subject: message.subject, err: error }, "mail not sent");
    return { sent: false, via: "smtp", error };
  }
}
