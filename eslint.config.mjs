import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layering rule (STYLE.md §2): domain code is plain TypeScript and never imports Next.js,
// next-auth, React or the Next-aware adapters in lib/http and lib/auth.
const domainFolders = [
  "lib/inventory/**", "lib/cart/**", "lib/orders/**", "lib/payments/**", "lib/jobs/**", "lib/stores/**", "lib/admin/**", "lib/catalog/**",
  "lib/users/**", "lib/tokens/**", "lib/health/**", "lib/alerts/**", "lib/observability/**", "lib/dashboard/**", "lib/rate-limit/**",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "generated/**", "node_modules/**", ".data/**", "next-env.d.ts", "bench/tmp/**", "playwright-report/**", "test-results/**"]),
  {
    files: domainFolders,
    // Tests may drive the adapters (e.g. route()) to show the domain's behaviour through them.
    ignores: ["**/*.test.ts"],
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
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
