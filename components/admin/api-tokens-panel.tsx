"use client";
// Admin API tokens for integrations (an ERP pushing stock): create one (its secret is shown once),
// see which exist and when they were last used, revoke one (it stops working at once).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { adminKeys, adminWrites, tokensQuery } from "@/lib/api-client/admin";
import type { ApiTokenView } from "@/lib/api-client/admin-contract";
import { AdminTable, actionsColumn, type AdminColumn } from "./admin-table";
import { EmptyState, LoadingRows, Panel, QueryError } from "./admin-ui";
import { ConfirmDialog } from "./confirm-dialog";
import { formatDateTime } from "./format";

export function ApiTokensPanel({ store }: { store: string }) {
  const queryClient = useQueryClient();
  const query = useQuery(tokensQuery(store));
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ token: ApiTokenView; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const create = useMutation({
    mutationFn: (n: string) => adminWrites.createToken(store, n),
    onSuccess: (data) => {
      setCreated(data);
      setCopied(false);
      setName("");
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens(store) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate(name.trim());
  }

  const tokens = query.data ?? [];

  return (
    <Panel title="API tokens" description="For integrations that call the admin API with Authorization: Bearer <token>. Tokens work for this store only.">
      <div className="space-y-4 p-4 sm:p-5">
        <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <Field id="token-name" label="Token name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Warehouse ERP" maxLength={100} className="sm:w-80" />
          <Button type="submit" size="sm" className="h-11" disabled={!name.trim() || create.isPending}>
            {create.isPending && <Spinner />}
            Create token
          </Button>
        </form>
        {create.error && (
          <Alert tone="error" title="Token not created">
            {create.error.message}
          </Alert>
        )}
        {created && (
          <div role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-4">
            <p className="font-semibold text-amber-950">Copy the token “{created.token.name}” now. It is shown only once.</p>
            <div className="mt-3 flex flex-col gap-2 sm:flex-row">
              <Label htmlFor="new-token" className="sr-only">
                New API token
              </Label>
              <Input id="new-token" readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} className="h-9 font-mono text-sm" />
              <Button
                size="sm"
                variant="secondary"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true), () => setCopied(false));
                }}
              >
                {copied ? "Copied" : "Copy"}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
                Done
              </Button>
            </div>
          </div>
        )}
      </div>
      <div className="border-t border-slate-200">
        {query.isPending ? (
          <LoadingRows label="Loading tokens…" />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : tokens.length === 0 ? (
          <EmptyState title="No API tokens yet" />
        ) : (
          <AdminTable caption="API tokens" columns={columns(setRevoking)} rows={tokens} rowKey={(t) => t.id} rowClassName={(t) => t.revokedAt && "text-slate-500"} />
        )}
      </div>
      {revoking && <RevokeDialog key={revoking.id} store={store} token={revoking} onClose={() => setRevoking(null)} />}
    </Panel>
  );
}

function columns(revoke: (token: ApiTokenView) => void): AdminColumn<ApiTokenView>[] {
  return [
    { id: "name", header: "Name", className: (t) => cn("font-medium", t.revokedAt ? "text-slate-600" : "text-ink"), cell: (t) => t.name },
    { id: "token", header: "Token", className: "font-mono text-xs", cell: (t) => `${t.prefix}…` },
    { id: "created", header: "Created", className: "whitespace-nowrap", cell: (t) => formatDateTime(t.createdAt) },
    { id: "used", header: "Last used", className: "whitespace-nowrap", cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never") },
    { id: "status", header: "Status", cell: (t) => (t.revokedAt ? <Badge tone="muted">Revoked</Badge> : <Badge tone="success">Active</Badge>) },
    actionsColumn((t) =>
      t.revokedAt ? null : (
        <Button variant="danger" size="sm" className="h-8" onClick={() => revoke(t)}>
          Revoke
        </Button>
      ),
    ),
  ];
}

function RevokeDialog({ store, token, onClose }: { store: string; token: ApiTokenView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => adminWrites.revokeToken(store, token.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens(store) });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Revoke token"
      description={`“${token.name}” (${token.prefix}…) stops working at once. Integrations using it will get 401.`}
      confirmLabel="Revoke token"
      pending={revoke.isPending}
      error={revoke.error}
      errorTitle="Not revoked"
      onConfirm={() => revoke.mutate()}
    />
  );
}
