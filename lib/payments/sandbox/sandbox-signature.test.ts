import { describe, expect, it } from "vitest";
import { isValidSandboxSignature, signSandboxPayload } from "@/lib/payments/sandbox/sandbox-signature";

const secret = "sandbox-secret-0123456789";
const at = new Date("2026-11-21T12:00:00Z");

describe("sandbox webhook signatures", () => {
  it("accepts its own signature within the window", () => {
    const body = '{"id":"evt_1"}';
    const header = signSandboxPayload(body, secret, at);
    expect(isValidSandboxSignature(body, header, secret, at)).toBe(true);
    expect(isValidSandboxSignature(body, header, secret, new Date(at.getTime() + 299_000))).toBe(true);
  });
  it("rejects a changed body, another secret, a stale or malformed header", () => {
    const body = '{"id":"evt_1"}';
    const header = signSandboxPayload(body, secret, at);
    expect(isValidSandboxSignature('{"id":"evt_2"}', header, secret, at)).toBe(false);
    expect(isValidSandboxSignature(body, header, "another-secret-0123456789", at)).toBe(false);
    expect(isValidSandboxSignature(body, header, secret, new Date(at.getTime() + 301_000))).toBe(false);
    expect(isValidSandboxSignature(body, null, secret, at)).toBe(false);
    expect(isValidSandboxSignature(body, "t=abc,v1=zz", secret, at)).toBe(false);
    expect(isValidSandboxSignature(body, header.replace(/v1=./, "v1=0"), secret, at)).toBe(false);
  });
});
