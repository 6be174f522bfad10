// A second quickstart skips install and build only when nothing they depend on changed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildStamp, installStamp, readStamp, stampFiles, writeStamp } from "./quickstart-stamps.mjs";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("quickstart stamps", () => {
  it("change with a source file, the lockfile, or a new file; not otherwise", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stamps-"));
    mkdirSync(path.join(dir, "app"));
    writeFileSync(path.join(dir, "app", "page.tsx"), "export default 1;\n");
    writeFileSync(path.join(dir, "package-lock.json"), "{}\n");
    const build = buildStamp(dir);
    const install = installStamp(dir);
    expect(buildStamp(dir)).toBe(build);
    expect(installStamp(dir)).toBe(install);

    writeFileSync(path.join(dir, "app", "page.tsx"), "export default 2;\n");
    const changed = buildStamp(dir);
    expect(changed).not.toBe(build);
    writeFileSync(path.join(dir, "app", "extra.tsx"), "\n");
    expect(buildStamp(dir)).not.toBe(changed);

    writeFileSync(path.join(dir, "package-lock.json"), '{"lockfileVersion":3}\n');
    expect(installStamp(dir)).not.toBe(install);
  });

  it("are kept beside what they describe, or in QUICKSTART_STAMP_DIR", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "stamps-"));
    expect(stampFiles("/repo", ".next", undefined)).toEqual({
      install: "/repo/node_modules/.holdfast-install-stamp",
      build: "/repo/.next/holdfast-build-stamp",
    });
    const files = stampFiles("/repo", ".next", dir);
    expect(readStamp(files.build)).toBeNull();
    writeStamp(files.build, "abc");
    expect(readStamp(files.build)).toBe("abc");
  });
});
