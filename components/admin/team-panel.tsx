"use client";
// The store's members: add an existing account by email (as an admin, or an owner if you are one),
// change a role, remove. The API refuses to leave the store without an owner and says so here.
import { useId, useState } from "react";
import { useMutation, useQuery, useQueryClient, queryOptions } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { membersResponseSchema, type Member } from "@/lib/members/schemas";
import { AdminTable, actionsColumn } from "./admin-table";
import { EmptyState, LoadingRows, Panel, QueryError } from "./admin-ui";
import { formatDateTime } from "./format";


const api = (store: string) => `/api/stores/${encodeURIComponent(store)}/admin/members`;
const membersQuery = (store: string) => queryOptions({ queryKey: ["admin", store, "members"], queryFn: ({ signal }) => fetchJson(api(store), membersResponseSchema, { signal }) });

export function TeamPanel({ store, me }: { store: string; me: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const query = useQuery(membersQuery(store));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"ADMIN" | "OWNER">("ADMIN");
  const [message, setMessage] = useState<string | null>(null);
  const done = (text: string) => (data: { items: Member[] }) => {
    queryClient.setQueryData(membersQuery(store).queryKey, data);
    setMessage(text);
  };
  const add = useMutation({
    mutationFn: () => fetchJson(api(store), membersResponseSchema, { method: "POST", json: { email: email.trim(), role } }),
    onSuccess: (data) => {
      done(`${email.trim()} was added as ${role === "OWNER" ? "an owner" : "an admin"}.`)(data);
      setEmail("");
    },
  });
  const change = useMutation({
    mutationFn: (input: { member: Member; role: Member["role"] | null }) =>
      fetchJson(`${api(store)}/${encodeURIComponent(input.member.userId)}`, membersResponseSchema, input.role ? { method: "PATCH", json: { role: input.role } } : { method: "DELETE" }),
    onSuccess: (data, input) => done(input.role ? `${input.member.email} is now ${input.role === "OWNER" ? "an owner" : "an admin"}.` : `${input.member.email} was removed.`)(data),
  });
  const myRole = query.data?.items.find((m) => m.userId === me)?.role;

  return (
    <div className="space-y-6">
      <p role="status" className={message ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" : "sr-only"}>
        {message ?? ""}
      </p>
      {change.isError && <Alert title="Not changed">{change.error.message}</Alert>}
      <Panel title="Members">
        {query.isPending ? (
          <LoadingRows label="Loading the team…" />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <EmptyState title="No members" />
        ) : (
          <AdminTable<Member>
            caption="Members of this store"
            rows={query.data.items}
            rowKey={(m) => m.userId}
            columns={[
              {
                id: "name",
                header: "Name",
                cell: (m) => (
                  <>
                    {m.name ?? "—"}
                    {m.userId === me && <span className="text-slate-600"> (you)</span>}
                  </>
                ),
              },
              { id: "email", header: "Email", cell: (m) => m.email },
              { id: "role", header: "Role", cell: (m) => <Badge tone={m.role === "OWNER" ? "info" : "neutral"}>{m.role === "OWNER" ? "Owner" : "Admin"}</Badge> },
              { id: "since", header: "Since", className: "whitespace-nowrap text-slate-700", cell: (m) => formatDateTime(m.since) },
              actionsColumn<Member>((m) => (
                <div className="flex justify-end gap-2">
                  {myRole === "OWNER" && (
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`${m.role === "OWNER" ? "Make admin" : "Make owner"}: ${m.email}`}
                      disabled={change.isPending}
                      onClick={() => change.mutate({ member: m, role: m.role === "OWNER" ? "ADMIN" : "OWNER" })}
                    >
                      {m.role === "OWNER" ? "Make admin" : "Make owner"}
                    </Button>
                  )}
                  <Button variant="danger" size="sm" aria-label={`Remove ${m.email}`} disabled={change.isPending} onClick={() => change.mutate({ member: m, role: null })}>
                    Remove
                  </Button>
                </div>
              )),
            ]}
          />
        )}
      </Panel>

      <Panel title="Add member" description="They need an account first (sign up at /signup); then add them by that email.">
        <form
          className="flex flex-wrap items-end gap-3 px-4 py-4 sm:px-5"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field id={`${id}-email`} label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} className="min-w-56 flex-1" required maxLength={254} />
          {myRole === "OWNER" && (
            <div>
              <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-800">
                Role
              </label>
              <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as "ADMIN" | "OWNER")} className="mt-1.5 block h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm">
                <option value="ADMIN">Admin</option>
                <option value="OWNER">Owner</option>
              </select>
            </div>
          )}
          <Button type="submit" disabled={add.isPending || email.trim() === ""}>
            {add.isPending && <Spinner />}
            Add member
          </Button>
        </form>
        {add.isError && (
          <div className="px-4 pb-4 sm:px-5">
            <Alert title="Not added">{add.error.message}</Alert>
          </div>
        )}
      </Panel>
    </div>
  );
}
