// Mail goes through a real SMTP server (started here, with a login) when SMTP_URL is set, and to
// the log when it is not; a server that refuses says so without throwing.
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMail } from "@/lib/mail/send-mail";
import { createLogger, setLoggerForTests } from "@/lib/observability/logger";

type Received = { from: string; to: string[]; data: string; user?: string };
const received: Received[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === "shop" && auth.password === "s3cret") cb(null, { user: "shop" });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (b: Buffer) => (data += b.toString("utf8")));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("sendMail", () => {
  it("delivers through SMTP_URL with its login, from MAIL_FROM", async () => {
    const r = await sendMail(
      { smtpUrl: `smtp://shop:s3cret@127.0.0.1:${port}`, from: "Demo Store <orders@demo.test>" },
      { to: "robin@example.test", subject: "Your order #12", text: "See it at https://shop.test/demo/orders/x?key=abc" },
    );
    expect(r).toMatchObject({ sent: true, via: "smtp" });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: "orders@demo.test", to: ["robin@example.test"], user: "shop" });
    expect(received[0]!.data).toContain("Subject: Your order #12");
    expect(received[0]!.data).toContain("https://shop.test/demo/orders/x?key=abc");
  });

  it("reports a refused login without throwing", async () => {
    const r = await sendMail({ smtpUrl: `smtp://shop:wrong@127.0.0.1:${port}`, from: "x@demo.test" }, { to: "a@example.test", subject: "s", text: "t" });
    expect(r.sent).toBe(false);
    expect(r.error).toMatch(/Invalid|auth/i);
  });

  it("writes the message to the log when no SMTP_URL is set", async () => {
    const lines: string[] = [];
    setLoggerForTests(createLogger({ level: "info", destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) }));
    try {
      const r = await sendMail({ smtpUrl: null, from: "x@demo.test" }, { to: "b@example.test", subject: "Hello", text: "Body text" });
      expect(r).toEqual({ sent: true, via: "log" });
      const entry = JSON.parse(lines.find((l) => l.includes("Body text"))!) as { mail: { to: string; subject: string } };
      expect(entry.mail).toMatchObject({ to: "b@example.test", subject: "Hello" });
    } finally {
      setLoggerForTests(undefined);
    }
  });
});
