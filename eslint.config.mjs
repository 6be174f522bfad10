import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import checkFile from "eslint-plugin-check-file";

// The layering rule: everything under lib/ is plain TypeScript and never imports Next.js,
// next-auth, React or the Next-aware adapters — except the folders named here, which are the
// adapters themselves (lib/http, lib/auth) and the browser side (lib/api-client, its own rule below).
// A new domain folder is guarded the moment it exists.
const nextAwareFolders = ["lib/http/**", "lib/auth/**", "lib/api-client/**"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "generated/**", "node_modules/**", ".data/**", "next-env.d.ts", "bench/tmp/**", "playwright-report/**", "test-results/**"]),
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    // Tests may drive the adapters (e.g. route()) to show the domain's behaviour through them.
    ignores: [...nextAwareFolders, "**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "next-auth", "next-auth/*", "@auth/*"], message: "Domain code must not import Next.js or Auth.js (STYLE.md §2)." },
            { group: ["react", "react-dom", "react/*"], message: "Domain code must not import React." },
            { group: ["@/lib/http", "@/lib/http/*", "@/lib/auth", "@/lib/auth/*"], message: "Domain code must not import the Next-aware adapters." },
            { group: ["server-only"], message: "server-only breaks plain Node (tests, CLI); keep it in lib/http and lib/auth." },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**", "lib/api-client/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*/!(schemas|response-schemas)", "@/lib/db", "@/lib/env", "@/generated/*"],
              allowTypeImports: true,
              message: "Client code may import a domain's schemas.ts or response-schemas.ts, and types only.",
            },
          ],
        },
      ],
    },
  },
  {
    // No import cycles in lib/ (the plugin comes with eslint-config-next; it needs every source file
    // type listed). Tests, e2e and the bench import the app, never the other way round.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // File and folder names are kebab-case (STYLE.md §8). `engine.db.test.ts` is checked as `engine`;
    // under app/ Next's own folder names pass too: `[store]`, `(shop)`, `[...nextauth]`, `_components`.
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    plugins: { "check-file": checkFile },
    rules: {
      "check-file/filename-naming-convention": ["error", { "**/*.{ts,tsx,js,mjs,cjs}": "KEBAB_CASE" }, { ignoreMiddleExtensions: true }],
      "check-file/folder-naming-convention": ["error", { "app/**/": "NEXT_JS_APP_ROUTER_CASE", "{lib,components,e2e,bench,scripts,tests,prisma}/**/": "KEBAB_CASE" }],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
