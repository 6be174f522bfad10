// One QueryClient per request on the server, one per tab in the browser (TanStack's advanced-SSR pattern).
import { isServer, QueryClient } from "@tanstack/react-query";
import { isApiError } from "./fetch-json";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 1000,
        // A 4xx will not get better by asking again; network blips and 503s may.
        retry: (failureCount, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
