// The demo catalogue as data: stores, products, variants with their SKUs and opening stock, users.
// A variant without `stock` lists an item another store owns (the reseller case: shared units).
import demoUsers from "./demo-users.json";

export type SeedVariant = { sku: string; title: string; priceCents: number; stock?: number };
export type SeedProduct = {
  slug: string;
  title: string;
  description: string;
  image: string; // public/products/<image>.svg
  variants: SeedVariant[];
  lowStockThreshold?: number;
  releaseInDays?: number; // a drop: releaseAt = seed time + this many days
  perCustomerLimit?: number;
};
export type SeedStore = { slug: string; name: string; currency: string; products: SeedProduct[] };
export type SeedUser = { email: string; name: string; password: string; store?: string; role?: "OWNER" | "ADMIN" };

const sizes = (prefix: string, priceCents: number, stock: Record<string, number>): SeedVariant[] =>
  Object.entries(stock).map(([size, units]) => ({ sku: `${prefix}-${size}`, title: size, priceCents, stock: units }));

export const DEMO_STORE: SeedStore = {
  slug: "demo",
  name: "Demo Outfitters",
  currency: "USD",
  products: [
    {
      slug: "classic-tee",
      title: "Classic Tee",
      description: "Heavyweight organic cotton tee with a relaxed fit. Pre-shrunk, made to be worn every day.",
      image: "classic-tee",
      variants: sizes("TEE-NAVY", 2400, { S: 25, M: 40, L: 20 }),
    },
    {
      slug: "merino-hoodie",
      title: "Merino Hoodie",
      description: "Soft merino wool blend hoodie that keeps you warm on cold mornings and cool on the trail.",
      image: "merino-hoodie",
      variants: sizes("HOOD-BRN", 8900, { S: 12, M: 15, L: 8 }),
    },
    {
      slug: "trail-cap",
      title: "Trail Cap",
      description: "Quick-dry five-panel cap with an adjustable strap and a soft, packable brim.",
      image: "trail-cap",
      variants: [{ sku: "CAP-GRN", title: "One size", priceCents: 2200, stock: 30 }],
    },
    {
      slug: "canvas-tote",
      title: "Canvas Tote",
      description: "A roomy 12 oz canvas tote with long handles and an inside pocket for your keys.",
      image: "canvas-tote",
      variants: [
        { sku: "TOTE-NAT", title: "Natural", priceCents: 1800, stock: 50 },
        { sku: "TOTE-BLK", title: "Black", priceCents: 1800, stock: 35 },
      ],
    },
    {
      slug: "rain-shell",
      title: "Rain Shell Jacket",
      description: "A waterproof, breathable 2.5-layer shell with taped seams and an adjustable hood.",
      image: "rain-shell",
      variants: sizes("SHELL-ORG", 14900, { M: 10, L: 6 }),
    },
    {
      slug: "wool-beanie",
      title: "Wool Beanie",
      description: "Chunky rib-knit beanie in lambswool, finished with a pompom. Only a few left.",
      image: "wool-beanie",
      variants: [{ sku: "BEANIE-RUST", title: "One size", priceCents: 2800, stock: 3 }],
      lowStockThreshold: 5,
    },
    {
      slug: "hiking-socks",
      title: "Hiking Socks (3-pack)",
      description: "Cushioned merino socks with a reinforced heel and toe, three pairs per pack.",
      image: "hiking-socks",
      variants: sizes("SOCK-3PK", 1600, { M: 60, L: 45 }),
    },
    {
      slug: "daypack",
      title: "Daypack 20L",
      description: "A light 20 litre daypack with a padded laptop sleeve and a quick-access front pocket.",
      image: "daypack",
      variants: [{ sku: "PACK-20L", title: "Slate", priceCents: 7900, stock: 0 }],
    },
    {
      slug: "insulated-bottle",
      title: "Insulated Bottle",
      description: "Double-walled steel bottle: cold for 24 hours, hot for 12. Leak-proof lid.",
      image: "water-bottle",
      variants: [{ sku: "BOTTLE-750", title: "750 ml", priceCents: 3200, stock: 24 }],
    },
    {
      slug: "camp-mug",
      title: "Enamel Camp Mug",
      description: "The classic speckled enamel mug, at home by the campfire and on your desk.",
      image: "camp-mug",
      variants: [{ sku: "MUG-ENAMEL", title: "350 ml", priceCents: 1400, stock: 40 }],
    },
    {
      slug: "field-notebook",
      title: "Field Notebook",
      description: "Pocket notebook with 48 dot-grid pages of water-resistant paper and a stitched spine.",
      image: "field-notebook",
      variants: [{ sku: "NOTE-FIELD", title: "Pocket", priceCents: 900, stock: 100 }],
    },
    {
      slug: "summit-jacket-drop",
      title: "Summit Jacket — Limited Drop",
      description: "Our warmest down jacket in a limited run. Releases next week; at most 2 per customer.",
      image: "summit-jacket",
      variants: sizes("SUMMIT", 24900, { S: 10, M: 10, L: 10 }),
      releaseInDays: 7,
      perCustomerLimit: 2,
    },
  ],
};

/** A reseller: lists some of demo's items (the same units) at its own prices, plus one item of its own. */
export const OUTLET_STORE: SeedStore = {
  slug: "outlet",
  name: "Outlet",
  currency: "USD",
  products: [
    {
      slug: "classic-tee",
      title: "Classic Tee",
      description: "The Demo Outfitters classic tee, at outlet prices. Ships from Demo Outfitters.",
      image: "classic-tee",
      variants: [
        { sku: "TEE-NAVY-S", title: "S", priceCents: 1900 },
        { sku: "TEE-NAVY-M", title: "M", priceCents: 1900 },
        { sku: "TEE-NAVY-L", title: "L", priceCents: 1900 },
      ],
    },
    {
      slug: "canvas-tote",
      title: "Canvas Tote",
      description: "The Demo Outfitters canvas tote. Ships from Demo Outfitters.",
      image: "canvas-tote",
      variants: [{ sku: "TOTE-NAT", title: "Natural", priceCents: 1500 }],
    },
    {
      slug: "wool-beanie",
      title: "Wool Beanie",
      description: "The Demo Outfitters wool beanie. Shares its last few units with the main store.",
      image: "wool-beanie",
      variants: [{ sku: "BEANIE-RUST", title: "One size", priceCents: 2500 }],
    },
    {
      slug: "camp-mug",
      title: "Enamel Camp Mug",
      description: "The Demo Outfitters enamel mug. Ships from Demo Outfitters.",
      image: "camp-mug",
      variants: [{ sku: "MUG-ENAMEL", title: "350 ml", priceCents: 1100 }],
    },
    {
      slug: "last-season-fleece",
      title: "Last-Season Fleece",
      description: "A cosy quarter-zip fleece from last season, from the outlet's own stock.",
      image: "last-season-fleece",
      variants: sizes("OUT-FLEECE", 3900, { M: 7, L: 4 }),
    },
  ],
};

export const DEMO_STORES: SeedStore[] = [DEMO_STORE, OUTLET_STORE];

/** Development passwords only; the README states them (the launcher prints them from the same file). */
export const DEMO_USERS: SeedUser[] = demoUsers as SeedUser[];
