// .env.example must list every variable lib/env.ts validates, so operators can see them all in one place.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

function validatedVariables(): string[] {
  const source = readFileSync("lib/env.ts", "utf8");
  const schema = source.slice(source.indexOf("z.object({"), source.indexOf("});", source.indexOf("z.object({")));
  return [...schema.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
}

describe(".env.example", () => {
  it("lists every variable lib/env.ts validates", () => {
    const vars = validatedVariables();
    expect(vars).toContain("DATABASE_URL");
    const example = readFileSync(".env.example", "utf8");
    const listed = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(vars.filter((v) => !listed.has(v))).toEqual([]);
  });
});
