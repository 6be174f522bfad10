"use client";
// The API reference at /docs: Scalar's maintained viewer, bundled with the app (no CDN, no fonts or
// telemetry from elsewhere: the CSP allows only 'self'), reading the document from /api/openapi.json.
import { ApiReferenceReact, type AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

const configuration: AnyApiReferenceConfiguration = {
  url: "/api/openapi.json",
  // Offline: the system fonts instead of fonts.scalar.com, no telemetry, no AI agent or MCP, no proxy.
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  documentDownloadType: "json",
  defaultOpenFirstTag: true,
  hideClientButton: true,
};

export function ApiReference() {
  return <ApiReferenceReact configuration={configuration} />;
}
