"use client";
// The order page's "Cancel order": the same dialog and route as the orders list, then a fresh page.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { CancelOrderDialog } from "./orders-panel";

/** Rendered whatever the order's status, so its message outlives the refresh that shows the order cancelled; the button only while `cancellable`. */
export function CancelOrderAction({ store, order, cancellable }: { store: string; order: { id: string; number: number }; cancellable: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      {cancellable && (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Cancel order
        </Button>
      )}
      <p role="status" className={message ? "basis-full text-sm text-emerald-900" : "sr-only"}>
        {message ?? ""}
      </p>
      {open && (
        <CancelOrderDialog
          store={store}
          order={order}
          onClose={() => setOpen(false)}
          onDone={(m) => {
            setOpen(false);
            setMessage(m);
            router.refresh();
          }}
        />
      )}
    </>
  );
}
