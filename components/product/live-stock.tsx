"use client";
// One polling query per page for every variant shown on it; badges read their own slice of it.
import { createContext, useContext, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import type { StockLevel, StockLevelsResponse } from "@/lib/api-client/contract";
import { STOCK_POLL_MS, stockLevelsQuery } from "@/lib/api-client/stock";

type Scope = { store: string; variantIds: string[] };

const LiveStockContext = createContext<Scope | null>(null);

/** Polls the batched stock route for `variantIds` while the tab is visible; first paint uses `initialData`. */
export function LiveStock({
  store,
  variantIds,
  initialData,
  children,
}: Scope & { initialData: StockLevelsResponse; children: ReactNode }) {
  useQuery({
    ...stockLevelsQuery(store, variantIds),
    initialData,
    refetchInterval: STOCK_POLL_MS,
    refetchIntervalInBackground: false,
  });
  return <LiveStockContext.Provider value={{ store, variantIds }}>{children}</LiveStockContext.Provider>;
}

/** The current levels of some of the page's variants (subscribes to the page's one query, never fetches itself). */
export function useStockLevels(variantIds: readonly string[]): StockLevel[] {
  const scope = useContext(LiveStockContext);
  if (!scope) throw new Error("useStockLevels must be used inside <LiveStock>");
  const { data } = useQuery({
    ...stockLevelsQuery(scope.store, scope.variantIds),
    staleTime: Infinity,
    select: (d) => d.items.filter((item) => variantIds.includes(item.variantId)),
  });
  return data ?? [];
}
