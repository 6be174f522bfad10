// Scenario 6: Lighthouse on the storefront's product grid and a product page, driving Debian's
// Chromium through chrome-launcher. Runs only when the pages exist and lighthouse is installed.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type pg from "pg";
import { createSellables, seedStore, type Store } from "./database";
import { ensureBuild, startApp } from "./server";
import { median } from "./stats";

export type PageScore = {
  name: string;
  path: string;
  performance: number;
  accessibility: number;
  lcpMs: number;
  jsTransferKiB: number;
  runs: Array<{ performance: number; accessibility: number; lcpMs: number; jsTransferKiB: number }>;
};

export type PagesResult = { lighthouseVersion: string; formFactor: string; pages: PageScore[] } | { skipped: string };

/** Each page, with or without the storefront's route group. */
const PAGES = {
  grid: ["app/[store]/page.tsx", "app/[store]/(shop)/page.tsx"],
  product: ["app/[store]/products/[slug]/page.tsx", "app/[store]/(shop)/products/[slug]/page.tsx"],
};
const CHROMIUM = "/usr/bin/chromium";

type Lhr = {
  lighthouseVersion: string;
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; details?: { items?: Array<{ resourceType?: string; transferSize?: number }> } }>;
};

type Options = { quick: boolean; reps: number; port: number; poolSize: number; skipBuild: boolean };

export async function runPages(url: string, admin: pg.Pool, _store: Store, o: Options): Promise<PagesResult> {
  const missing = Object.values(PAGES).filter((paths) => !paths.some((p) => existsSync(p)));
  if (missing.length) return { skipped: `pages missing: ${missing.map((paths) => paths[0]).join(", ")}` };
  const require = createRequire(import.meta.url);
  let lighthouse: (url: string, flags: Record<string, unknown>) => Promise<{ lhr: Lhr } | undefined>;
  let launch: (opts: Record<string, unknown>) => Promise<{ port: number; kill: () => Promise<void> | void }>;
  try {
    require.resolve("lighthouse");
    lighthouse = (await import("lighthouse" as string)).default;
    launch = (await import("chrome-launcher" as string)).launch;
  } catch {
    return { skipped: "lighthouse is not installed (npm install --no-audit --no-fund -D lighthouse@12.8.2)" };
  }
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} not found` };
  const b = ensureBuild(url, o.skipBuild);
  if (!b.ok) return { skipped: `build failed: ${b.output.slice(-800)}` };

  // A small, realistic store: 12 products, one variant each.
  const store = await seedStore(admin, "bench-shop");
  const products = await createSellables(admin, store, 12, 40, "shop");
  const product = products[0];
  if (!product) throw new Error("no product");
  const app = await startApp(url, { port: o.port + 1, poolSize: o.poolSize });
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const targets = [
      { name: "grid", path: `/${store.slug}` },
      { name: "product", path: `/${store.slug}/products/${product.slug}` },
    ];
    const reps = o.quick ? 1 : Math.max(3, o.reps);
    let version = "";
    const pages: PageScore[] = [];
    for (const t of targets) {
      const runs: PageScore["runs"] = [];
      // One unscored load first: compiles the page's server code and fills caches like a live site.
      await fetch(`${app.baseUrl}${t.path}`).then((r) => r.text());
      for (let i = 0; i < reps; i++) {
        const res = await lighthouse(`${app.baseUrl}${t.path}`, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
        });
        if (!res) throw new Error("lighthouse returned nothing");
        const lhr = res.lhr;
        version = lhr.lighthouseVersion;
        const js = (lhr.audits["network-requests"]?.details?.items ?? [])
          .filter((it) => it.resourceType === "Script")
          .reduce((s, it) => s + (it.transferSize ?? 0), 0);
        runs.push({
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN),
          jsTransferKiB: Math.round((js / 1024) * 10) / 10,
        });
      }
      pages.push({
        ...t,
        performance: median(runs.map((r) => r.performance)),
        accessibility: median(runs.map((r) => r.accessibility)),
        lcpMs: median(runs.map((r) => r.lcpMs)),
        jsTransferKiB: median(runs.map((r) => r.jsTransferKiB)),
        runs,
      });
    }
    return { lighthouseVersion: version, formFactor: "mobile (Lighthouse default: simulated throttling)", pages };
  } finally {
    await chrome.kill();
    await app.stop();
  }
}
