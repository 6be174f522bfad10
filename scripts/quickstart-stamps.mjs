// What a second `npm run quickstart` may skip: the install when package-lock.json (and Node's major
// version) are unchanged since the last successful install, the build when none of the sources the
// build reads changed since the last successful build. Each stamp is a SHA-256 kept beside what it
// describes (node_modules/.holdfast-install-stamp, <dist dir>/holdfast-build-stamp), or in
// QUICKSTART_STAMP_DIR when set (the quickstart test). Node built-ins only: runs before npm install.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What `next build` reads: the app's sources, its configuration and the locked dependencies. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "generated",
  "prisma/schema.prisma",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

function* files(root, rel) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) yield* files(root, path.join(rel, name));
  } else yield rel;
}

/** A hash of every build input's path and content under root. */
export function buildStamp(root = process.cwd(), inputs = BUILD_INPUTS) {
  const h = createHash("sha256");
  for (const input of inputs) {
    for (const rel of files(root, input)) {
      h.update(`${rel.split(path.sep).join("/")}\0`);
      h.update(readFileSync(path.join(root, rel)));
      h.update("\0");
    }
  }
  return h.digest("hex");
}

/** A hash of the lockfile and Node's major version (native packages are built per version). */
export function installStamp(root = process.cwd()) {
  const lock = path.join(root, "package-lock.json");
  const h = createHash("sha256").update(`node ${process.versions.node.split(".")[0]}\0`);
  if (existsSync(lock)) h.update(readFileSync(lock));
  return h.digest("hex");
}

export function stampFiles(root = process.cwd(), distDir = ".next", stampDir = process.env.QUICKSTART_STAMP_DIR) {
  return {
    install: stampDir ? path.join(stampDir, "install-stamp") : path.join(root, "node_modules", ".holdfast-install-stamp"),
    build: stampDir ? path.join(stampDir, "build-stamp") : path.join(root, distDir, "holdfast-build-stamp"),
  };
}

export function readStamp(file) {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

export function writeStamp(file, value) {
  writeFileSync(file, `${value}\n`);
}
