import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Holdfast — shops that never oversell", template: "%s · Holdfast" },
  description: "Live stock, carts that hold your items, checkout that never oversells.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
