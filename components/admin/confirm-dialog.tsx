"use client";
// "Are you sure?" for a write that shoppers, integrations or another store will feel (release a
// hold, revoke a token, cancel an order, archive a product, delete an endpoint): the dashboard's
// dialog with optional fields (a reason), a cancel and a confirm button, the API's refusal inside.
// It is a form, so Enter in a field confirms.
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { AdminDialog } from "./admin-dialog";

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  pending,
  error,
  errorTitle = "Not done",
  tone = "danger",
  onConfirm,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  pending: boolean;
  error: Error | null;
  errorTitle?: string;
  /** "danger" for what cannot be undone; "primary" for an ordinary write. */
  tone?: "danger" | "primary";
  onConfirm: () => void;
  /** Fields asked before confirming (e.g. a reason). */
  children?: ReactNode;
}) {
  return (
    <AdminDialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // The dialog is portalled, but React bubbles its submit through the component tree: a
          // dialog opened from inside another form (the product form's Archive) must not submit it.
          e.stopPropagation();
          if (!pending) onConfirm();
        }}
      >
        {children}
        {error && (
          <Alert tone="error" title={errorTitle} className={cn(children ? "mt-4" : "mb-4")}>
            {error.message}
          </Alert>
        )}
        <div className={cn("flex flex-wrap items-center justify-end gap-2", children ? "mt-5" : undefined)}>
          <Button type="button" variant="secondary" size="sm" onClick={() => onOpenChange(false)} disabled={pending}>
            {cancelLabel}
          </Button>
          <Button type="submit" size="sm" disabled={pending} className={tone === "danger" ? "bg-red-700 hover:bg-red-800" : undefined}>
            {pending && <Spinner />}
            {confirmLabel}
          </Button>
        </div>
      </form>
    </AdminDialog>
  );
}
