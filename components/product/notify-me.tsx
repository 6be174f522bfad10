"use client";
// The waitlist on a product page (docs/waitlist.md): on a sold-out variant or a drop before its
// release, "Notify me" opens a short form (Email for guests, Quantity); then a status gives the
// shopper's place in line, with "Leave the line". An offer (units held for them) says until when.
// The panel's code (waitlist-panel.tsx) loads only when a variant can be waited for: server-rendered
// with the page when one already can, fetched when the live levels make one so.
import { useState } from "react";
import dynamic from "next/dynamic";
import { MAX_WAITLIST_QUANTITY } from "@/lib/constants";
import { useStockLevels } from "./live-stock";

type VariantOption = { id: string; title: string };

const WaitlistPanel = dynamic(() => import("./waitlist-panel").then((m) => m.WaitlistPanel));

export function NotifyMe({
  store,
  variants,
  perCustomerLimit,
}: {
  store: string;
  variants: VariantOption[];
  perCustomerLimit: number | null;
}) {
  const levels = useStockLevels(variants.map((v) => v.id));
  // The variants a shopper may wait for: sold out, or a drop not on sale yet.
  const waitable = variants.filter((v) => {
    const state = levels.find((l) => l.variantId === v.id)?.state;
    return state === "out_of_stock" || state === "coming_soon";
  });
  const [variantId, setVariantId] = useState<string | null>(null);
  const chosen = waitable.find((v) => v.id === variantId) ?? waitable[0];
  if (!chosen) return null;
  const notYet = levels.find((l) => l.variantId === chosen.id)?.state === "coming_soon";
  return (
    <section aria-label="Waitlist" className="mt-6 rounded-2xl border border-slate-200 bg-slate-50/70 p-4 sm:p-5">
      <WaitlistPanel
        key={chosen.id}
        store={store}
        variant={chosen}
        variants={waitable}
        onVariant={setVariantId}
        notYet={notYet}
        maxQuantity={Math.min(MAX_WAITLIST_QUANTITY, perCustomerLimit ?? MAX_WAITLIST_QUANTITY)}
      />
    </section>
  );
}
