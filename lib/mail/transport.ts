// Outgoing mail's one transport (nodemailer over SMTP_URL, e.g. smtp://user:pass@host:587), or, with
// no SMTP_URL, the log: each message is written as one log line instead of being sent. Callers build
// the message; this file only delivers it (and throws when the server refuses it, so they can retry).
import nodemailer from "nodemailer";
import { getLogger } from "@/lib/observability/logger";

export type MailMessage = { to: string; subject: string; text: string; html?: string };

export type MailTransport = {
  /** "smtp" or "log": where messages go. */
  readonly kind: "smtp" | "log";
  send(message: MailMessage): Promise<void>;
  close(): void;
};

export type MailConfig = { smtpUrl?: string | null; from: string };

export function createMailTransport(config: MailConfig): MailTransport {
  if (!config.smtpUrl) {
    return {
      kind: "log",
      async send(message) {
        getLogger().info({ mail: { from: config.from, ...message } }, "mail (no SMTP_URL): not sent, logged");
      },
      close() {},
    };
  }
  // Short timeouts: the jobs retry with a backoff, a hung server must not hold a batch.
  const transporter = nodemailer.createTransport(config.smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof nodemailer.createTransport>[1]);
  return {
    kind: "smtp",
    async send(message) {
      await transporter.sendMail({ from: config.from, ...message });
    },
    close() {
      transporter.close();
    },
  };
}
