"use client";
// "Are you sure?" for a write that shoppers or another store will feel (archive a product, revoke a
// grant): the dashboard's dialog with a cancel and a confirm button, the API's refusal shown inside.
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
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
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  pending: boolean;
  error: Error | null;
  onConfirm: () => void;
}) {
  return (
    <AdminDialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      {error && (
        <Alert title="Not done" className="mb-4">
          {error.message}
        </Alert>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
          {cancelLabel}
        </Button>
        <Button onClick={onConfirm} disabled={pending} className="bg-red-700 hover:bg-red-800">
          {pending && <Spinner />}
          {confirmLabel}
        </Button>
      </div>
    </AdminDialog>
  );
}
