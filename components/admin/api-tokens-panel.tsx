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
import { AdminDialog, DialogActions } from "./admin-dialog";
import { EmptyState, LoadingRows, Panel, QueryError, tableClasses } from "./admin-ui";
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
          <div className={tableClasses.wrap}>
            <table className={tableClasses.table}>
              <caption className="sr-only">API tokens</caption>
              <thead className={tableClasses.thead}>
                <tr>
                  <th scope="col" className={tableClasses.th}>Name</th>
                  <th scope="col" className={tableClasses.th}>Token</th>
                  <th scope="col" className={tableClasses.th}>Created</th>
                  <th scope="col" className={tableClasses.th}>Last used</th>
                  <th scope="col" className={tableClasses.th}>Status</th>
                  <th scope="col" className={tableClasses.th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} className={cn(tableClasses.tr, t.revokedAt && "text-slate-500")}>
                    <td className={cn(tableClasses.td, "font-medium", t.revokedAt ? "text-slate-600" : "text-ink")}>{t.name}</td>
                    <td className={cn(tableClasses.td, "font-mono text-xs")}>{t.prefix}…</td>
                    <td className={cn(tableClasses.td, "whitespace-nowrap")}>{formatDateTime(t.createdAt)}</td>
                    <td className={cn(tableClasses.td, "whitespace-nowrap")}>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
                    <td className={tableClasses.td}>{t.revokedAt ? <Badge tone="muted">Revoked</Badge> : <Badge tone="success">Active</Badge>}</td>
                    <td className={cn(tableClasses.td, "text-right")}>
                      {!t.revokedAt && (
                        <Button variant="danger" size="sm" className="h-8" onClick={() => setRevoking(t)}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <AdminDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title="Revoke token"
        description={revoking ? `“${revoking.name}” (${revoking.prefix}…) stops working at once. Integrations using it will get 401.` : undefined}
      >
        {revoking && <RevokeForm key={revoking.id} store={store} token={revoking} onClose={() => setRevoking(null)} />}
      </AdminDialog>
    </Panel>
  );
}

function RevokeForm({ store, token, onClose }: { store: string; token: ApiTokenView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => adminWrites.revokeToken(store, token.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens(store) });
      onClose();
    },
  });
  return (
    <div>
      {revoke.error && (
        <Alert tone="error" title="Not revoked">
          {revoke.error.message}
        </Alert>
      )}
      <DialogActions>
        <Button variant="secondary" size="sm" onClick={onClose}>
          Cancel
        </Button>
        <Button size="sm" className="bg-red-700 hover:bg-red-800" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
          {revoke.isPending && <Spinner />}
          Revoke token
        </Button>
      </DialogActions>
    </div>
  );
}
