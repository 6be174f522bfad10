import type { ReactNode } from "react";
import { Providers } from "../providers";

// The query cache for a store's pages, storefront and dashboard: the only pages whose client parts
// use it. The directory, sign-in, the payment page and the API docs load no React Query.
export default function StoreLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
