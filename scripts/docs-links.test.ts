// The project documents itself without leaving the repository: README.md, docs/**/*.md, bench/README.md
// and prisma/sql/README.md link only to files of this repository that exist, name no outside address
// (http(s) URLs other than local or reserved example hosts) and never point out of a clone (../shared).
// The README, written for people who run the shop, keeps the sections they look for.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function markdownUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(rel);
    return entry.name.endsWith(".md") ? [rel] : [];
  });
}

const DOCUMENTS = ["README.md", ...markdownUnder("docs"), "bench/README.md", "prisma/sql/README.md"];

/** Hosts an example may name: this machine, a placeholder (`<your domain>`, `$VAR`, a single label such
 * as `collector` or `host`) or a reserved example domain (RFC 2606/6761). */
function isLocalOrExampleUrl(url: string): boolean {
  const match = /^https?:\/\/(?:[^@/\s]*@)?([^/:?#\s]+)/i.exec(url);
  const host = (match?.[1] ?? "").toLowerCase();
  if (host === "" || host.startsWith("<") || host.startsWith("$") || host.startsWith("{")) return true;
  if (host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "0.0.0.0") return true;
  if (!host.includes(".")) return true;
  return /(^|\.)example\.(com|org|net)$/.test(host) || /\.(example|invalid|test|localhost)$/.test(host);
}

type Finding = { file: string; line: number; target: string; problem: string };

/** Text with fenced code blocks blanked (line numbers kept): a command in a code block is an example. */
function withoutFences(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line;
  });
}

function findLinkProblems(file: string, text: string, exists = (p: string) => existsSync(p)): Finding[] {
  const findings: Finding[] = [];
  const dir = path.dirname(path.join(ROOT, file));
  // Every http(s) URL, code or not: an outside address in a code span is still an outside address.
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/https?:\/\/[^\s)>`"'|\]]+/gi)) {
      if (!isLocalOrExampleUrl(m[0])) findings.push({ file, line: i + 1, target: m[0], problem: "outside the repository" });
    }
  });
  // Markdown links and autolinks outside fenced code: relative targets must exist inside the repository.
  withoutFences(text).forEach((rawLine, i) => {
    const line = rawLine.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
      ...[...line.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]!),
    ];
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        if (/^https?:/i.test(target)) continue; // reported above when it leaves the machine
        if (/^mailto:/i.test(target)) findings.push({ file, line: i + 1, target, problem: "outside the repository" });
        continue;
      }
      const pathPart = decodeURIComponent(target.split("#")[0]!.split("?")[0]!);
      if (pathPart === "") continue; // an anchor in the same document
      const resolved = pathPart.startsWith("/") ? path.join(ROOT, pathPart) : path.resolve(dir, pathPart);
      const relative = path.relative(ROOT, resolved);
      if (relative.startsWith("..") || path.isAbsolute(relative)) {
        findings.push({ file, line: i + 1, target, problem: "escapes the repository" });
      } else if (!exists(resolved)) {
        findings.push({ file, line: i + 1, target, problem: "no such file" });
      }
    }
  });
  return findings;
}

function headings(text: string): string[] {
  return withoutFences(text)
    .filter((line) => /^#{2,3}\s/.test(line))
    .map((line) => line.replace(/^#+\s*/, "").trim());
}

describe("link checker", () => {
  it("tells outside addresses from local and example ones", () => {
    expect(isLocalOrExampleUrl("https://github.com/scalar/scalar")).toBe(false);
    expect(isLocalOrExampleUrl("https://hooks.slack.com/services/x")).toBe(false);
    expect(isLocalOrExampleUrl("http://localhost:3000/demo")).toBe(true);
    expect(isLocalOrExampleUrl("http://127.0.0.1:4318")).toBe(true);
    expect(isLocalOrExampleUrl("https://shop.example.com/api/cron/cleanup")).toBe(true);
    expect(isLocalOrExampleUrl("https://<your domain>/api/payments/webhooks/stripe")).toBe(true);
    expect(isLocalOrExampleUrl("http://collector:4318")).toBe(true);
  });

  it("finds outside links, links out of the clone and missing files, and passes good ones", () => {
    const text = [
      "See [Scalar](https://github.com/scalar/scalar) and [the spec](../shared/API.md).",
      "The [architecture](docs/architecture.md), [a gap](docs/nowhere.md) and [a heading](#quickstart).",
      "`curl https://shop.example.com/api/health` and <https://example.org/x>.",
      "```",
      "[not a link](missing.md)",
      "```",
    ].join("\n");
    const found = findLinkProblems("README.md", text, (p) => p === path.join(ROOT, "docs/architecture.md"));
    expect(found.map(({ line, target, problem }) => ({ line, target, problem }))).toEqual([
      { line: 1, target: "https://github.com/scalar/scalar", problem: "outside the repository" },
      { line: 1, target: "../shared/API.md", problem: "escapes the repository" },
      { line: 2, target: "docs/nowhere.md", problem: "no such file" },
    ]);
  });
});

describe("the project's documents", () => {
  it("are all found", () => {
    expect(DOCUMENTS).toContain("docs/architecture.md");
    for (const file of DOCUMENTS) expect(statSync(path.join(ROOT, file)).isFile()).toBe(true);
  });

  it.each(DOCUMENTS)("%s links only to files of this repository that exist", (file) => {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    expect(findLinkProblems(file, text)).toEqual([]);
  });

  it("README.md has the sections an operator looks for, and the performance summary links bench/README.md", () => {
    const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const sections = headings(text);
    for (const heading of [
      "Quickstart",
      "Configuration",
      /^Deploying/,
      "Jobs",
      "API",
      "Map of the code",
      "Performance",
      /^Checks and test/,
    ]) {
      const found = sections.some((s) => (typeof heading === "string" ? s === heading : heading.test(s)));
      expect(found, `README.md has no "## ${String(heading)}" section (has: ${sections.join(", ")})`).toBe(true);
    }
    // What it is: the title and a first paragraph before the first section.
    const intro = text.slice(0, text.search(/^## /m));
    expect(intro).toMatch(/^# \S/);
    expect(intro.replace(/^#.*$/m, "").trim().length).toBeGreaterThan(100);
    const performance = text.slice(text.search(/^## Performance\s*$/m)).split(/^## /m)[1] ?? "";
    expect(performance).toContain("](bench/README.md)");
  });
});
