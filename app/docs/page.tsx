import type { Metadata } from "next";
import { ApiReference } from "@/components/docs/api-reference";

export const metadata: Metadata = { title: "API reference", description: "The Holdfast HTTP API (OpenAPI 3.1)." };

// The OpenAPI document (GET /api/openapi.json) rendered by Scalar in the browser; docs/openapi.md.
export default function DocsPage() {
  return (
    <main id="main">
      <h1 className="sr-only">Holdfast API reference</h1>
      <ApiReference />
    </main>
  );
}
