// A real SMTP server for the tests that check mail (the `smtp-server` package), on the port the app
// under test mails to (E2E_SMTP_PORT, e2e-env.mjs), with the user and password of its SMTP_URL.
// It keeps every message it accepts.
import { SMTPServer } from "smtp-server";
import { E2E_SMTP_PASSWORD, E2E_SMTP_PORT, E2E_SMTP_USER } from "./e2e-env.mjs";

export type ReceivedMail = { from: string; to: string[]; raw: string; text: string };

/** Undoes quoted-printable soft breaks and escapes (nodemailer's encoding of long text lines). */
function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export async function startSmtpSink(port = E2E_SMTP_PORT) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    // The app signs in with E2E_SMTP_USER (SMTP_URL's user:password), as with a real provider.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth: (auth, _session, cb) =>
      auth.username === E2E_SMTP_USER && auth.password === E2E_SMTP_PASSWORD ? cb(null, { user: auth.username }) : cb(new Error("Invalid login")),
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    received,
    /** Waits until `predicate` holds for the messages received so far. */
    async waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 20_000): Promise<ReceivedMail[]> {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`timed out waiting for mail (${received.length} received)`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The claim link in an offer mail. */
export function claimLinkOf(mail: ReceivedMail): string {
  const m = /(https?:\/\/\S+\/waitlist\/claim\?token=[A-Za-z0-9._%-]+)/.exec(mail.text);
  if (!m) throw new Error(`no claim link in:\n${mail.text}`);
  return m[1]!;
}
