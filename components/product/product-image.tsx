// A product's picture, square, with a neutral stand-in when there is none or it fails to load. A
// server component: the stand-in for a picture that fails is drawn by CSS (.product-picture in
// app/globals.css), so no JavaScript is sent for it.
import { cn } from "@/components/ui/cn";

export function ProductImage({
  src,
  alt,
  className,
  priority = false,
}: {
  src: string | null | undefined;
  alt: string;
  className?: string;
  priority?: boolean;
}) {
  const usable = src && (src.startsWith("/") || src.startsWith("data:"));
  return (
    <div className={cn("relative aspect-square overflow-hidden bg-slate-100", className)}>
      {usable ? (
        // Bundled images are small SVGs: the browser draws them directly, no optimiser needed.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={src}
          alt={alt}
          width={400}
          height={400}
          loading={priority ? "eager" : "lazy"}
          decoding="async"
          className="product-picture size-full object-cover"
        />
      ) : (
        <div
          {...(alt ? { role: "img", "aria-label": alt } : { "aria-hidden": true })}
          className="flex size-full items-center justify-center bg-gradient-to-br from-slate-100 to-slate-200 text-slate-400"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-1/4">
            <path
              strokeLinecap="round"
              strokeLinejoin="round"
              d="M15.75 10.5V6a3.75 3.75 0 1 0-7.5 0v4.5m11.356-1.993 1.263 12c.07.665-.45 1.243-1.119 1.243H4.25a1.125 1.125 0 0 1-1.12-1.243l1.264-12A1.125 1.125 0 0 1 5.513 7.5h12.974c.576 0 1.059.435 1.119 1.007Z"
            />
          </svg>
        </div>
      )}
    </div>
  );
}
