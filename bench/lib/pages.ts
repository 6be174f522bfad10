// Scenario 6: Lighthouse on the storefront's product grid and a product page, driving Debian's
// Chromium through chrome-launcher. Runs only when the pages exist and lighthouse is installed.
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type pg from "pg";
import { createDb } from "@/lib/db";
import { seedDemo } from "@/prisma/seed/seed-demo";
import type { Store } from "./database";
import { ensureBuild, startApp } from "./server";
import { median } from "./stats";

type PageRun = {
  performance: number;
  accessibility: number;
  lcpMs: number;
  fcpMs: number;
  /**
   * When the page first painted in the real (unthrottled) load that Lighthouse simulates from. The
   * simulated LCP counts every request and task that finished before the observed one, so a late
   * first paint here (this machine's Chromium often holds it about 1 s) costs the score dearly.
   */
  observedFcpMs: number;
  tbtMs: number;
  cls: number;
  /** Every script the load transferred, lazily loaded chunks included. */
  jsTransferKiB: number;
  /**
   * The page's first-load JavaScript: the scripts its HTML asks for (script src and script
   * preloads, nomodule polyfills left out), as transferred: what must arrive before it hydrates.
   */
  firstLoadJsKiB: number;
};

export type PageScore = PageRun & {
  name: string;
  /** `firstLoadJsKiB` against BASELINE_FIRST_LOAD_JS_KIB, e.g. "−24 %". */
  firstLoadJsVsBaseline: string;
  path: string;
  formFactor: "mobile" | "desktop";
  /** The largest scripts of the last run, for the storefront's owners. */
  topScripts: Array<{ url: string; kib: number }>;
  failedAudits: string[];
  runs: PageRun[];
};

export type PagesResult =
  | { lighthouseVersion: string; formFactor: string; baselineFirstLoadJsKiB: number; pages: PageScore[] }
  | { skipped: string };

/**
 * The grid's JavaScript when issue 23 was filed (190.5 KiB on the grid, 194.2 on a product page,
 * measured the same way): each page's first-load JavaScript is reported against it.
 */
export const BASELINE_FIRST_LOAD_JS_KIB = 190.5;

/** Each page, with or without the storefront's route group. */
const PAGES = {
  grid: ["app/[store]/page.tsx", "app/[store]/(shop)/page.tsx"],
  product: ["app/[store]/products/[slug]/page.tsx", "app/[store]/(shop)/products/[slug]/page.tsx"],
};
const CHROMIUM = "/usr/bin/chromium";

type Lhr = {
  lighthouseVersion: string;
  categories: Record<string, { score: number | null; auditRefs?: Array<{ id: string; weight: number }> }>;
  audits: Record<
    string,
    { score: number | null; title?: string; numericValue?: number; details?: { items?: Array<{ url?: string; resourceType?: string; transferSize?: number }> } }
  >;
};

type Options = { quick: boolean; reps: number; port: number; poolSize: number; skipBuild: boolean };

/** The paths of the scripts a page's HTML asks for (what Next.js calls its first-load JS). */
function scriptsOfHtml(html: string): Set<string> {
  const paths = new Set<string>();
  const tags = [...html.matchAll(/<script\b[^>]*>/g), ...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
  for (const tag of tags) {
    if (/\bnomodule\b/.test(tag)) continue;
    if (tag.startsWith("<link") && !(/\bas="script"/.test(tag) && /\brel="(preload|modulepreload)"/.test(tag))) continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url) paths.add(new URL(url.replaceAll("&amp;", "&"), "http://page").pathname);
  }
  return paths;
}

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function scoreOf(lhr: Lhr, firstLoadScripts: Set<string>): PageRun {
  const scripts = (lhr.audits["network-requests"]?.details?.items ?? []).filter((it) => it.resourceType === "Script");
  const js = scripts.reduce((sum, it) => sum + (it.transferSize ?? 0), 0);
  const firstLoad = scripts
    .filter((it) => it.url && firstLoadScripts.has(new URL(it.url).pathname))
    .reduce((sum, it) => sum + (it.transferSize ?? 0), 0);
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN),
    fcpMs: Math.round(lhr.audits["first-contentful-paint"]?.numericValue ?? Number.NaN),
    observedFcpMs: Math.round(
      (lhr.audits.metrics?.details?.items?.[0] as { observedFirstContentfulPaint?: number } | undefined)?.observedFirstContentfulPaint ?? Number.NaN,
    ),
    tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? Number.NaN),
    cls: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? Number.NaN) * 1000) / 1000,
    jsTransferKiB: kib(js),
    firstLoadJsKiB: kib(firstLoad),
  };
}

function versusBaseline(firstLoadKiB: number): string {
  const change = Math.round((firstLoadKiB / BASELINE_FIRST_LOAD_JS_KIB - 1) * 100);
  return `${change > 0 ? "+" : change < 0 ? "−" : "±"}${Math.abs(change)} %`;
}

export async function runPages(url: string, admin: pg.Pool, _store: Store, o: Options): Promise<PagesResult> {
  const missing = Object.values(PAGES).filter((paths) => !paths.some((p) => existsSync(p)));
  if (missing.length) return { skipped: `pages missing: ${missing.map((paths) => paths[0]).join(", ")}` };
  const require = createRequire(import.meta.url);
  let lighthouse: (url: string, flags: Record<string, unknown>, config?: unknown) => Promise<{ lhr: Lhr } | undefined>;
  let launch: (opts: Record<string, unknown>) => Promise<{ port: number; kill: () => Promise<void> | void }>;
  let desktopConfig: unknown;
  try {
    require.resolve("lighthouse");
    lighthouse = (await import("lighthouse" as string)).default;
    desktopConfig = (await import("lighthouse/core/config/desktop-config.js" as string)).default;
    launch = (await import("chrome-launcher" as string)).launch;
  } catch {
    return { skipped: "lighthouse is not installed (npm install --no-audit --no-fund -D lighthouse@12.8.2)" };
  }
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} not found` };
  const b = ensureBuild(url, o.skipBuild);
  if (!b.ok) return { skipped: `build failed: ${b.output.slice(-800)}` };

  // The demo catalogue (prisma/seed: a dozen products with their illustrations), as a visitor sees it.
  const seeder = createDb({ url, poolSize: 1 });
  try {
    await seedDemo(seeder.db);
  } finally {
    await seeder.db.$disconnect();
    await seeder.pool.end();
  }
  const { rows } = await admin.query<{ slug: string }>(
    `SELECT p.slug FROM "Product" p JOIN "Store" s ON s.id = p."storeId" WHERE s.slug = 'demo' AND p.status = 'ACTIVE' AND p."releaseAt" IS NULL ORDER BY p.position, p.slug LIMIT 1`,
  );
  const product = rows[0];
  if (!product) return { skipped: "the demo seed made no product" };
  const store = { slug: "demo" };
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
    for (const formFactor of ["mobile", "desktop"] as const) {
      for (const t of targets) {
        const runs: PageRun[] = [];
        let last: Lhr | undefined;
        // One unscored load first: compiles the page's server code and fills caches like a live site.
        // Its HTML names the page's first-load scripts.
        const firstLoadScripts = scriptsOfHtml(await fetch(`${app.baseUrl}${t.path}`).then((r) => r.text()));
        // Mobile (Lighthouse's default) is the target; desktop once, for reference.
        for (let i = 0; i < (formFactor === "mobile" ? reps : 1); i++) {
          const res = await lighthouse(
            `${app.baseUrl}${t.path}`,
            {
              port: chrome.port,
              output: "json",
              logLevel: "error",
              onlyCategories: ["performance", "accessibility"],
            },
            formFactor === "desktop" ? desktopConfig : undefined,
          );
          if (!res) throw new Error("lighthouse returned nothing");
          last = res.lhr;
          version = last.lighthouseVersion;
          // BENCH_LHR_DIR=dir keeps each run's whole Lighthouse report, to see what a score is made of.
          if (process.env.BENCH_LHR_DIR) writeFileSync(path.join(process.env.BENCH_LHR_DIR, `${t.name}-${formFactor}-${i + 1}.json`), JSON.stringify(res.lhr));
          runs.push(scoreOf(last, firstLoadScripts));
        }
        if (!last) continue;
        const scripts = (last.audits["network-requests"]?.details?.items ?? []).filter((it) => it.resourceType === "Script");
        const firstLoadJsKiB = median(runs.map((r) => r.firstLoadJsKiB));
        pages.push({
          ...t,
          firstLoadJsKiB,
          firstLoadJsVsBaseline: versusBaseline(firstLoadJsKiB),
          formFactor,
          performance: median(runs.map((r) => r.performance)),
          accessibility: median(runs.map((r) => r.accessibility)),
          lcpMs: median(runs.map((r) => r.lcpMs)),
          fcpMs: median(runs.map((r) => r.fcpMs)),
          observedFcpMs: median(runs.map((r) => r.observedFcpMs)),
          tbtMs: median(runs.map((r) => r.tbtMs)),
          cls: median(runs.map((r) => r.cls)),
          jsTransferKiB: median(runs.map((r) => r.jsTransferKiB)),
          topScripts: scripts
            .sort((a, b) => (b.transferSize ?? 0) - (a.transferSize ?? 0))
            .slice(0, 5)
            .map((it) => ({ url: (it.url ?? "").replace(app.baseUrl, ""), kib: kib(it.transferSize ?? 0) })),
          failedAudits: Object.values(last.categories)
            .flatMap((c) => c.auditRefs ?? [])
            .filter((ref) => ref.weight > 0 && (last.audits[ref.id]?.score ?? 1) < 0.9)
            .map((ref) => `${ref.id} (${last.audits[ref.id]?.score ?? "?"})`),
          runs,
        });
      }
    }
    // The figure that does not move with the host: each page's first-load JavaScript, against the baseline.
    for (const p of pages.filter((x) => x.formFactor === "mobile")) {
      process.stdout.write(
        `[bench pages] ${p.name} (${p.path}): first-load JavaScript ${p.firstLoadJsKiB.toFixed(1)} KiB against ${BASELINE_FIRST_LOAD_JS_KIB} KiB (${p.firstLoadJsVsBaseline}); ` +
          `${p.jsTransferKiB.toFixed(1)} KiB of scripts in the whole load; performance ${p.performance}, accessibility ${p.accessibility}\n`,
      );
    }
    return {
      lighthouseVersion: version,
      formFactor: "mobile (Lighthouse default, simulated throttling) is the target; desktop once for reference",
      baselineFirstLoadJsKiB: BASELINE_FIRST_LOAD_JS_KIB,
      pages,
    };
  } finally {
    await chrome.kill();
    await app.stop();
  }
}
