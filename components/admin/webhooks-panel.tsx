"use client";
// Store webhooks (docs/events.md): the endpoints with their events and state (enabled, failing
// since), `Add endpoint` (URL + event checkboxes; the signing secret is shown once, with a copy
// button), enable/disable, `Send test event`, delete behind a confirm dialog, and each endpoint's
// recent deliveries with status code and attempts, refreshed while the page is open.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import {
  deliveriesQuery,
  EVENT_TYPES,
  webhookKeys,
  webhooksQuery,
  webhookWrites,
  type DeliveryView,
  type EventType,
  type WebhookView,
} from "@/lib/api-client/webhooks-admin";
import { AdminDialog, DialogActions } from "./admin-dialog";
import { AdminTable, type AdminColumn } from "./admin-table";
import { ConfirmDialog } from "./confirm-dialog";
import { EmptyState, LoadingRows, Panel, QueryError } from "./admin-ui";
import { formatDateTime } from "./format";

const EVENT_HELP: Record<EventType, string> = {
  "inventory.changed": "A SKU's stock or availability changed",
  "inventory.low_stock": "Availability fell to the low-stock threshold",
  "inventory.out_of_stock": "A SKU sold out",
  "inventory.back_in_stock": "A sold-out SKU can be bought again",
  "order.created": "An order was placed",
  "order.paid": "An order's payment succeeded",
  "order.cancelled": "An order was cancelled",
};

export function WebhooksPanel({ store }: { store: string }) {
  const queryClient = useQueryClient();
  const query = useQuery(webhooksQuery(store));
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ webhook: WebhookView; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<WebhookView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const endpoints = query.data?.items ?? [];

  return (
    <div className="space-y-6">
      <p
        role="status"
        className={message ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" : "sr-only"}
      >
        {message ?? ""}
      </p>

      {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}

      <Panel
        title="Endpoints"
        description="Signed with each endpoint's own secret; retried with backoff for 24 hours."
        actions={
          <Button size="sm" onClick={() => setAdding(true)}>
            Add endpoint
          </Button>
        }
      >
        {query.isPending ? (
          <LoadingRows label="Loading endpoints…" />
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">
            Add one to send stock and order events to an ERP, a marketplace feed or a chat channel.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200">
            {endpoints.map((w) => (
              <li key={w.id}>
                <EndpointRow store={store} endpoint={w} onDelete={() => setDeleting(w)} onMessage={setMessage} />
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <AdminDialog
        open={adding}
        onOpenChange={setAdding}
        title="Add endpoint"
        description="Events are sent as signed POST requests to this URL."
        size="lg"
      >
        {adding && (
          <AddEndpointForm
            store={store}
            onCancel={() => setAdding(false)}
            onCreated={(data) => {
              setAdding(false);
              setCreated(data);
              setMessage(null);
              void queryClient.invalidateQueries({ queryKey: webhookKeys.all(store) });
            }}
          />
        )}
      </AdminDialog>

      {deleting && (
        <DeleteDialog
          key={deleting.id}
          store={store}
          endpoint={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setMessage(`${deleting.url} was deleted.`);
            if (created?.webhook.id === deleting.id) setCreated(null);
          }}
        />
      )}
    </div>
  );
}

/** The signing secret, shown once after creation, with a copy button. */
function SecretOnce({ created, onDone }: { created: { webhook: WebhookView; secret: string }; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="new-secret-heading" className="rounded-xl border border-amber-300 bg-amber-50 p-4 sm:p-5">
      <h2 id="new-secret-heading" className="font-semibold text-amber-950">
        Copy the signing secret now. It is shown only once.
      </h2>
      <p className="mt-1 break-all text-sm text-amber-900">
        For <span className="font-medium">{created.webhook.url}</span>. Verify each request&apos;s{" "}
        <code className="font-mono text-xs">webhook-signature</code> with it.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <Label htmlFor="new-webhook-secret" className="sr-only">
          Signing secret
        </Label>
        <Input
          id="new-webhook-secret"
          readOnly
          value={created.secret}
          onFocus={(e) => e.currentTarget.select()}
          className="h-10 w-full min-w-0 bg-white font-mono text-sm sm:flex-1"
        />
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              void navigator.clipboard?.writeText(created.secret).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {copied ? "Copied" : "Copy secret"}
          </Button>
          <Button size="sm" variant="ghost" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    </section>
  );
}

function AddEndpointForm({
  store,
  onCancel,
  onCreated,
}: {
  store: string;
  onCancel: () => void;
  onCreated: (data: { webhook: WebhookView; secret: string }) => void;
}) {
  const id = useId();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<Set<EventType>>(() => new Set(EVENT_TYPES));
  const create = useMutation({
    mutationFn: () => webhookWrites.create(store, { url: url.trim(), events: EVENT_TYPES.filter((t) => events.has(t)) }),
    onSuccess: onCreated,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!url.trim() || events.size === 0) return;
    create.mutate();
  }

  function toggle(type: EventType, on: boolean) {
    setEvents((prev) => {
      const next = new Set(prev);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  }

  return (
    <form onSubmit={submit} className="space-y-5">
      <Field
        id={`${id}-url`}
        label="Endpoint URL"
        type="url"
        inputMode="url"
        required
        maxLength={2000}
        placeholder="https://erp.example.com/hooks/holdfast"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-1 flex gap-3 text-sm">
          <button
            type="button"
            className="font-medium text-brand-700 underline-offset-2 hover:underline"
            onClick={() => setEvents(new Set(EVENT_TYPES))}
          >
            Select all
          </button>
          <button
            type="button"
            className="font-medium text-brand-700 underline-offset-2 hover:underline"
            onClick={() => setEvents(new Set())}
          >
            Clear
          </button>
        </div>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {EVENT_TYPES.map((type) => {
            const inputId = `${id}-${type}`;
            return (
              <div
                key={type}
                className="flex items-start gap-2.5 rounded-lg border border-slate-200 px-3 py-2.5 has-[:checked]:border-slate-400 has-[:checked]:bg-slate-50"
              >
                <input
                  id={inputId}
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 accent-slate-900"
                  checked={events.has(type)}
                  onChange={(e) => toggle(type, e.target.checked)}
                  aria-describedby={`${inputId}-help`}
                />
                <div className="min-w-0">
                  <label htmlFor={inputId} className="block font-mono text-sm text-ink">
                    {type}
                  </label>
                  <p id={`${inputId}-help`} className="text-xs text-slate-600">
                    {EVENT_HELP[type]}
                  </p>
                </div>
              </div>
            );
          })}
        </div>
        {events.size === 0 && <p className="mt-2 text-sm text-red-700">Choose at least one event.</p>}
      </fieldset>
      {create.error && (
        <Alert tone="error" title="Endpoint not added">
          {create.error.message}
        </Alert>
      )}
      <DialogActions>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={create.isPending || !url.trim() || events.size === 0}>
          {create.isPending && <Spinner />}
          Add endpoint
        </Button>
      </DialogActions>
    </form>
  );
}

function EndpointRow({
  store,
  endpoint: w,
  onDelete,
  onMessage,
}: {
  store: string;
  endpoint: WebhookView;
  onDelete: () => void;
  onMessage: (m: string | null) => void;
}) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const toggle = useMutation({
    mutationFn: () => webhookWrites.update(store, w.id, { enabled: !w.enabled }),
    onSuccess: (data) => {
      onMessage(`${data.webhook.url} is ${data.webhook.enabled ? "enabled" : "disabled"}.`);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all(store) });
    },
  });
  const test = useMutation({
    mutationFn: () => webhookWrites.test(store, w.id),
    onSuccess: (data) => {
      const d = data.delivery;
      onMessage(
        d.status === "DELIVERED"
          ? `Test event delivered to ${w.url} (HTTP ${d.lastStatusCode}).`
          : `Test event not delivered to ${w.url}: ${d.lastError ?? `HTTP ${d.lastStatusCode}`}.`,
      );
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(store, w.id) });
    },
  });
  const error = toggle.error ?? test.error;

  return (
    <article aria-labelledby={headingId} className="px-4 py-4 sm:px-5">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 space-y-2">
          <h3 id={headingId} className="break-all font-mono text-sm font-semibold text-ink">
            {w.url}
          </h3>
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            {w.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="muted">Disabled</Badge>}
            {w.failingSince && <Badge tone="danger">Failing since {formatDateTime(w.failingSince)}</Badge>}
            <span>Added {formatDateTime(w.createdAt)}</span>
          </div>
          <ul aria-label="Events" className="flex flex-wrap gap-1.5">
            {w.events.map((t) => (
              <li key={t} className="rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
                {t}
              </li>
            ))}
          </ul>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Button
            size="sm"
            variant="secondary"
            aria-label={`Send test event to ${w.url}`}
            disabled={test.isPending || !w.enabled}
            onClick={() => test.mutate()}
          >
            {test.isPending && <Spinner />}
            Send test event
          </Button>
          <Button
            size="sm"
            variant="secondary"
            aria-label={`${w.enabled ? "Disable" : "Enable"} ${w.url}`}
            disabled={toggle.isPending}
            onClick={() => toggle.mutate()}
          >
            {w.enabled ? "Disable" : "Enable"}
          </Button>
          <Button size="sm" variant="danger" aria-label={`Delete ${w.url}`} onClick={onDelete}>
            Delete
          </Button>
        </div>
      </div>
      {error && (
        <div className="mt-3">
          <Alert tone="error" title="Not done">
            {error.message}
          </Alert>
        </div>
      )}
      <Deliveries store={store} endpoint={w} />
    </article>
  );
}

function deliveryBadge(d: DeliveryView) {
  if (d.status === "DELIVERED") return <Badge tone="success">Delivered</Badge>;
  if (d.status === "FAILED") return <Badge tone="danger">Failed</Badge>;
  return d.attempts > 0 ? <Badge tone="warning">Retrying</Badge> : <Badge tone="neutral">Pending</Badge>;
}

function whenOf(d: DeliveryView): string {
  if (d.deliveredAt) return formatDateTime(d.deliveredAt);
  if (d.status === "PENDING" && d.nextAttemptAt) return `Next try ${formatDateTime(d.nextAttemptAt)}`;
  return formatDateTime(d.createdAt);
}

const DELIVERY_COLUMNS: AdminColumn<DeliveryView>[] = [
  { id: "event", header: "Event", className: "max-w-40 truncate font-mono text-xs", cell: (d) => <span title={d.eventId}>{d.eventId}</span> },
  { id: "type", header: "Type", className: "whitespace-nowrap font-mono text-xs", cell: (d) => d.type },
  {
    id: "status",
    header: "Status",
    className: "whitespace-nowrap",
    cell: (d) => (
      <>
        {deliveryBadge(d)}
        {d.lastError && d.status !== "DELIVERED" && <span className="ml-2 text-xs text-slate-600">{d.lastError}</span>}
      </>
    ),
  },
  { id: "code", header: "Code", numeric: true, cell: (d) => d.lastStatusCode ?? "—" },
  { id: "attempts", header: "Attempts", numeric: true, cell: (d) => d.attempts },
  { id: "when", header: "When", className: "whitespace-nowrap text-slate-700", cell: (d) => whenOf(d) },
];

function Deliveries({ store, endpoint }: { store: string; endpoint: WebhookView }) {
  const query = useQuery(deliveriesQuery(store, endpoint.id));
  const items = query.data?.items ?? [];
  return (
    <div className="mt-4 overflow-hidden rounded-lg border border-slate-200">
      <h4 className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
        Recent deliveries
      </h4>
      {query.isPending ? (
        <LoadingRows label="Loading deliveries…" />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p className="px-3 py-4 text-sm text-slate-600">Nothing sent yet. Send a test event to try the endpoint.</p>
      ) : (
        <>
          {/* A phone: one compact entry per delivery instead of a table scrolled sideways. */}
          <ul aria-label={`Recent deliveries to ${endpoint.url}`} className="divide-y divide-slate-100 sm:hidden">
            {items.map((d) => (
              <li key={`${d.eventId}-${d.createdAt}`} className="px-3 py-2.5 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate font-mono text-xs text-ink">{d.type}</span>
                  {deliveryBadge(d)}
                </div>
                <p className="mt-1 text-xs text-slate-600">
                  {d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? "Not sent yet")} · {d.attempts}{" "}
                  {d.attempts === 1 ? "attempt" : "attempts"} · {whenOf(d)}
                </p>
                <p className="truncate font-mono text-xs text-slate-500">{d.eventId}</p>
              </li>
            ))}
          </ul>
          {/* A named, focusable region, so a keyboard can scroll it sideways when it does not fit. */}
          <AdminTable
            caption={`Recent deliveries to ${endpoint.url}`}
            region={`Recent deliveries to ${endpoint.url}`}
            wrapClassName="hidden sm:block"
            columns={DELIVERY_COLUMNS}
            rows={items}
            rowKey={(d) => `${d.eventId}-${d.createdAt}`}
          />
        </>
      )}
    </div>
  );
}

function DeleteDialog({
  store,
  endpoint,
  onClose,
  onDeleted,
}: {
  store: string;
  endpoint: WebhookView;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => webhookWrites.remove(store, endpoint.id),
    onSuccess: () => {
      onDeleted();
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all(store) });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Delete endpoint"
      description={`${endpoint.url} stops receiving events at once, and its delivery history is deleted.`}
      confirmLabel="Delete endpoint"
      pending={remove.isPending}
      error={remove.error}
      errorTitle="Not deleted"
      onConfirm={() => remove.mutate()}
    />
  );
}
