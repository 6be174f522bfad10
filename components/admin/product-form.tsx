"use client";
// A product's form, new or saved: its fields, its variants as editable rows (a new row has a SKU and
// an opening stock; a saved one keeps its SKU, and its stock moves in Inventory), the price in the
// store's currency, the drop window in the admin's own time zone, the per-customer limit and an
// image preview. react-hook-form checks it with the admin API's own zod schemas
// (product-form-schema.ts), so what passes here passes the route; the route's refusal (a taken
// slug or SKU) lands on its field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState, type ComponentProps } from "react";
import { useFieldArray, useForm, useWatch, type FieldError, type Resolver, type UseFormRegisterReturn } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses, Label } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/api-client/fetch-json";
import { catalogKeys, catalogWrites, productQuery, type AdminProduct } from "@/lib/api-client/catalog-admin";
import { Panel } from "./admin-ui";
import { ConfirmDialog } from "./confirm-dialog";
import {
  centsToPrice,
  createProductFormSchema,
  editProductFormSchema,
  emptyVariantRow,
  isoToLocalInput,
  type CreateProductFormOutput,
  type EditProductFormOutput,
  type ProductFormValues,
} from "./product-form-schema";
import { ProductStatusBadge } from "./product-status";

type Props = { store: string; currency: string } & ({ mode: "create" } | { mode: "edit"; product: AdminProduct; notice?: string });

function valuesOf(product: AdminProduct | null): ProductFormValues {
  if (!product) {
    return { title: "", slug: "", description: "", imageUrl: "", status: "DRAFT", releaseAt: "", endsAt: "", perCustomerLimit: "", variants: [emptyVariantRow()] };
  }
  return {
    title: product.title,
    slug: product.slug,
    description: product.description ?? "",
    imageUrl: product.imageUrl ?? "",
    status: product.status,
    releaseAt: isoToLocalInput(product.releaseAt),
    endsAt: isoToLocalInput(product.endsAt),
    perCustomerLimit: product.perCustomerLimit === null ? "" : String(product.perCustomerLimit),
    variants: product.variants
      .filter((v) => !v.archived)
      .map((v) => ({ kind: "existing" as const, id: v.id, sku: v.sku, title: v.title, priceCents: centsToPrice(v.priceCents), stock: String(v.stock) })),
  };
}

/** The symbol the store's prices are shown with ("$", "€"), or the code. */
function currencySymbol(currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).formatToParts(0).find((p) => p.type === "currency")?.value ?? currency;
  } catch {
    return currency;
  }
}

/** The schema's words for a field, in the form's words where the form shows it differently (a price, not cents). */
function messageOf(error: FieldError | undefined, kind?: "price" | "count"): string | undefined {
  if (!error) return undefined;
  if (kind === "price") return "A price such as 25.00, from 0 to 1,000,000.00.";
  if (kind === "count" && /expected|whole/i.test(error.message ?? "")) return "A whole number.";
  return error.message || "Check this field.";
}

/** Which form field an API refusal is about (a taken slug or SKU). */
function fieldOfRefusal(e: unknown): { field: "slug" | "sku"; sku?: string } | null {
  if (!isApiError(e) || e.code !== "CONFLICT") return null;
  const field = e.details.field;
  if (field === "slug") return { field };
  if (field === "sku") return { field, sku: typeof e.details.sku === "string" ? e.details.sku : undefined };
  return null;
}

export function ProductForm(props: Props) {
  const { store, currency } = props;
  const id = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const editing = props.mode === "edit";
  const initial = editing ? props.product : null;
  const live = useQuery({ ...productQuery(store, initial?.id ?? ""), enabled: editing, ...(initial ? { initialData: initial } : {}) });
  const product = editing ? (live.data ?? initial) : null;
  const [notice, setNotice] = useState<string | null>(editing ? (props.notice ?? null) : null);
  const [archiveOpen, setArchiveOpen] = useState(false);
  // One key per new product form: a double submit or a retry after a lost answer creates one product.
  const [createKey] = useState(() => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`));
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const symbol = currencySymbol(currency);

  const resolver = (editing ? zodResolver(editProductFormSchema) : zodResolver(createProductFormSchema)) as unknown as Resolver<ProductFormValues>;
  const form = useForm<ProductFormValues>({ resolver, defaultValues: valuesOf(initial), mode: "onSubmit", reValidateMode: "onChange" });
  const { register, control, handleSubmit, formState, setError, reset } = form;
  // keyName: the rows carry their own `id` (the variant's), so the field array keys rows by another name.
  const rows = useFieldArray({ control, name: "variants", keyName: "fieldKey" });
  const imageUrl = useWatch({ control, name: "imageUrl" });
  const status = useWatch({ control, name: "status" });

  const save = useMutation({
    mutationFn: async (out: CreateProductFormOutput | EditProductFormOutput) => {
      if (!editing) {
        const input = out as CreateProductFormOutput;
        const body = {
          ...input,
          releaseAt: input.releaseAt?.toISOString() ?? undefined,
          endsAt: input.endsAt?.toISOString() ?? undefined,
          variants: input.variants.map(({ kind: _kind, ...v }) => v),
        };
        return { created: true, product: (await catalogWrites.createProduct(store, body, createKey)).product };
      }
      const input = out as EditProductFormOutput;
      const saved = product!;
      const { variants, ...fields } = input;
      // The product's fields first, then each changed variant: every write is its own call, so a refusal says which.
      let next = (
        await catalogWrites.updateProduct(store, saved.id, {
          ...fields,
          releaseAt: fields.releaseAt === undefined ? undefined : (fields.releaseAt?.toISOString() ?? null),
          endsAt: fields.endsAt === undefined ? undefined : (fields.endsAt?.toISOString() ?? null),
        })
      ).product;
      for (const row of variants) {
        if (row.kind === "existing") {
          const before = saved.variants.find((v) => v.id === row.id);
          const changes = { ...(before?.title !== row.title ? { title: row.title } : {}), ...(before?.priceCents !== row.priceCents ? { priceCents: row.priceCents } : {}) };
          if (Object.keys(changes).length > 0) await catalogWrites.updateVariant(store, saved.id, row.id, changes);
        } else {
          const { kind: _kind, ...variant } = row;
          await catalogWrites.addVariant(store, saved.id, variant);
        }
      }
      if (variants.length > 0) next = await queryClient.fetchQuery({ ...productQuery(store, saved.id), staleTime: 0 });
      return { created: false, product: next };
    },
    onSuccess: ({ created, product: saved }) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.products(store) });
      if (created) {
        router.push(`/${store}/admin/products/${saved.id}?created=1`);
        return;
      }
      queryClient.setQueryData(productQuery(store, saved.id).queryKey, saved);
      reset(valuesOf(saved));
      router.refresh(); // the page header shows the title
      setNotice(`Saved. ${saved.status === "ACTIVE" ? "Shoppers see the changes now." : saved.status === "DRAFT" ? "It is a draft: shoppers do not see it." : "It is archived: shoppers cannot add it."}`);
    },
    onError: (e) => {
      const refusal = fieldOfRefusal(e);
      if (refusal?.field === "slug") setError("slug", { message: "Another product of this store has this slug." }, { shouldFocus: true });
      if (refusal?.field === "sku") {
        const index = form.getValues("variants").findIndex((r) => r.kind === "new" && (!refusal.sku || r.sku.trim() === refusal.sku));
        if (index >= 0) setError(`variants.${index}.sku`, { message: "This store already has this SKU." }, { shouldFocus: true });
      }
    },
  });

  const archive = useMutation({
    mutationFn: () => catalogWrites.updateProduct(store, product!.id, { status: "ARCHIVED" }),
    onSuccess: ({ product: saved }) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.products(store) });
      queryClient.setQueryData(productQuery(store, saved.id).queryKey, saved);
      reset(valuesOf(saved));
      setArchiveOpen(false);
      setNotice("Archived. Shoppers cannot add it any more; carts that hold it keep their holds until they lapse or check out.");
    },
  });

  const removeVariant = useMutation({
    mutationFn: (variantId: string) => catalogWrites.deleteVariant(store, product!.id, variantId),
    onSuccess: async (r) => {
      const saved = await queryClient.fetchQuery({ ...productQuery(store, product!.id), staleTime: 0 });
      reset(valuesOf(saved));
      setNotice(r.deleted ? "Variant deleted." : "That variant has holds or orders, so it was archived instead: shoppers no longer see it, and its holds still check out.");
    },
  });

  const onSubmit = handleSubmit((values) => {
    setNotice(null);
    save.mutate(values as unknown as CreateProductFormOutput | EditProductFormOutput);
  });

  const err = formState.errors;
  const fid = (name: string) => `${id}-${name}`;
  const savedVariants = product?.variants ?? [];
  const archivedVariants = savedVariants.filter((v) => v.archived);
  const showImage = /^(https:\/\/|\/(?!\/))\S+$/.test(imageUrl.trim());

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <p role="status" className={notice ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" : "sr-only"}>
        {notice ?? ""}
      </p>
      {save.isError && !fieldOfRefusal(save.error) && <Alert title="Not saved">{save.error.message}</Alert>}
      {save.isError && fieldOfRefusal(save.error) && <Alert title="Not saved">{save.error.message} Change the marked field and save again.</Alert>}
      {removeVariant.isError && <Alert title="Variant not removed">{removeVariant.error.message}</Alert>}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Panel title="Details">
            <div className="grid gap-4 px-4 py-4 sm:px-5">
              <TextField id={fid("title")} label="Title" error={messageOf(err.title)} registration={register("title")} autoComplete="off" maxLength={200} />
              <TextField
                id={fid("slug")}
                label="Slug"
                hint={editing ? `The product page: /${store}/products/${product?.slug ?? ""}. Changing it changes the address.` : "The product page's address. Leave empty to make one from the title."}
                error={messageOf(err.slug)}
                registration={register("slug")}
                autoComplete="off"
                spellCheck={false}
                maxLength={80}
                className="font-mono"
              />
              <div>
                <Label htmlFor={fid("description")}>Description</Label>
                <textarea
                  id={fid("description")}
                  rows={4}
                  maxLength={5000}
                  aria-invalid={err.description ? true : undefined}
                  aria-describedby={err.description ? `${fid("description")}-error` : undefined}
                  className={cn(inputClasses, "mt-1.5 h-auto w-full py-2")}
                  {...register("description")}
                />
                <FieldMessage id={`${fid("description")}-error`} message={messageOf(err.description)} />
              </div>
            </div>
          </Panel>

          <Panel
            title="Variants"
            description={editing ? "Title and price change here; stock changes in Inventory. A new variant starts with its opening stock." : "Each variant is an item with its own SKU, price and opening stock."}
            actions={
              <Button variant="secondary" size="sm" onClick={() => rows.append(emptyVariantRow())} disabled={rows.fields.length >= 100}>
                Add variant
              </Button>
            }
          >
            <div className="px-4 py-4 sm:px-5">
              <div aria-hidden="true" className="hidden grid-cols-[minmax(0,1.25fr)_minmax(0,1fr)_8.5rem_6.5rem_2.25rem] gap-3 pb-2 text-xs font-semibold text-slate-600 md:grid">
                <span>SKU</span>
                <span>Variant</span>
                <span>Price ({currency})</span>
                <span>Stock</span>
                <span />
              </div>
              {err.variants?.root?.message || err.variants?.message ? (
                <p role="alert" className="mb-3 text-sm text-red-700">
                  {err.variants?.root?.message ?? err.variants?.message}
                </p>
              ) : null}
              <ol className="space-y-3">
                {rows.fields.map((row, i) => {
                  const rowErr = err.variants?.[i];
                  const saved = row.kind === "existing" ? savedVariants.find((v) => v.id === row.id) : undefined;
                  const p = (name: string) => fid(`v${i}-${name}`);
                  return (
                    <li key={row.fieldKey} className="rounded-lg border border-slate-200 p-3 md:border-0 md:p-0">
                      <fieldset className="grid gap-3 md:grid-cols-[minmax(0,1.25fr)_minmax(0,1fr)_8.5rem_6.5rem_2.25rem] md:items-start">
                        <legend className="sr-only">Variant {i + 1}</legend>
                        {row.kind === "existing" ? (
                          <div>
                            <span className="text-xs font-semibold text-slate-600 md:sr-only">SKU</span>
                            <p className="flex h-11 items-center gap-1.5 truncate font-mono text-[13px] text-ink" title={row.sku}>
                              {row.sku}
                              {saved && !saved.owned && <Badge tone="info">{saved.supplierStore}</Badge>}
                            </p>
                          </div>
                        ) : (
                          <RowInput id={p("sku")} label="SKU" error={messageOf(rowErr?.sku)} registration={register(`variants.${i}.sku`)} className="font-mono" spellCheck={false} autoComplete="off" maxLength={64} />
                        )}
                        <RowInput id={p("title")} label="Variant" error={messageOf(rowErr?.title)} registration={register(`variants.${i}.title`)} autoComplete="off" maxLength={120} placeholder="e.g. Medium" />
                        <RowInput
                          id={p("price")}
                          label="Price"
                          prefix={symbol}
                          error={messageOf(rowErr?.priceCents, "price")}
                          registration={register(`variants.${i}.priceCents`)}
                          inputMode="decimal"
                          autoComplete="off"
                          placeholder="0.00"
                          className="text-right tabular"
                        />
                        {row.kind === "existing" ? (
                          <div>
                            <span className="text-xs font-semibold text-slate-600 md:sr-only">Stock</span>
                            <p className="flex h-11 flex-col justify-center text-sm leading-tight">
                              <span className="tabular font-medium text-ink">{saved ? `${saved.stock} in stock` : "—"}</span>
                              {saved && <span className="tabular text-xs text-slate-600">{saved.available} available</span>}
                            </p>
                          </div>
                        ) : (
                          <RowInput id={p("stock")} label="Stock" error={messageOf(rowErr?.stock, "count")} registration={register(`variants.${i}.stock`)} inputMode="numeric" autoComplete="off" className="text-right tabular" />
                        )}
                        <div className="flex md:h-11 md:items-center">
                          <Button
                            variant="ghost"
                            size="sm"
                            className="size-9 px-0 text-slate-500 hover:text-red-700"
                            aria-label={`Remove variant ${i + 1}${row.sku ? ` (${row.sku})` : ""}`}
                            title="Remove variant"
                            disabled={rows.fields.length <= 1 || removeVariant.isPending}
                            onClick={() => (row.kind === "existing" ? removeVariant.mutate(row.id) : rows.remove(i))}
                          >
                            <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" className="size-4">
                              <path d="M4 7h16M10 11v6m4-6v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
                            </svg>
                            <span className="sr-only md:hidden">Remove</span>
                          </Button>
                        </div>
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
              {archivedVariants.length > 0 && (
                <p className="mt-3 text-sm text-slate-600">
                  Archived (kept for their holds and orders): {archivedVariants.map((v) => `${v.title} (${v.sku})`).join(", ")}.
                </p>
              )}
            </div>
          </Panel>
        </div>

        <div className="min-w-0 space-y-6">
          <Panel title="Status" actions={product ? <ProductStatusBadge status={product.status} /> : undefined}>
            <div className="space-y-3 px-4 py-4 sm:px-5">
              <div>
                <Label htmlFor={fid("status")}>Status</Label>
                <select id={fid("status")} className={cn(inputClasses, "mt-1.5 w-full")} {...register("status")}>
                  <option value="DRAFT">Draft — only the dashboard sees it</option>
                  <option value="ACTIVE">Active — on sale in the shop</option>
                  {product?.status === "ARCHIVED" && <option value="ARCHIVED">Archived — no new holds</option>}
                </select>
              </div>
              {status === "ACTIVE" && product?.status !== "ACTIVE" && <p className="text-sm text-slate-600">Saving publishes it: shoppers see it at once (or when its drop opens).</p>}
            </div>
          </Panel>

          <Panel title="Drop and limit" description={`Times are in your time zone (${timeZone}).`}>
            <div className="grid gap-4 px-4 py-4 sm:px-5">
              <TextField id={fid("release")} label="Release at" type="datetime-local" hint="Before then shoppers see Coming soon. Empty: on sale now." error={messageOf(err.releaseAt)} registration={register("releaseAt")} />
              <TextField id={fid("ends")} label="Ends at" type="datetime-local" hint="After then it is no longer sold. Empty: no end." error={messageOf(err.endsAt)} registration={register("endsAt")} />
              <TextField
                id={fid("limit")}
                label="Per-customer limit"
                inputMode="numeric"
                hint="Most units one shopper may hold and buy. Empty: no limit."
                error={messageOf(err.perCustomerLimit, "count")}
                registration={register("perCustomerLimit")}
                autoComplete="off"
                className="w-32"
              />
            </div>
          </Panel>

          <Panel title="Image">
            <div className="grid gap-4 px-4 py-4 sm:px-5">
              <TextField id={fid("image")} label="Image URL" hint="An https: address or a path such as /products/daypack.svg." error={messageOf(err.imageUrl)} registration={register("imageUrl")} autoComplete="off" spellCheck={false} />
              <ImagePreview url={showImage ? imageUrl.trim() : null} />
            </div>
          </Panel>
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm sm:px-5">
        <Link href={`/${store}/admin/products`} className={buttonClasses({ variant: "ghost", size: "md" })}>
          All products
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          {editing && product && product.status !== "ARCHIVED" && (
            <Button variant="secondary" className="text-red-700 hover:text-red-800" onClick={() => setArchiveOpen(true)}>
              Archive
            </Button>
          )}
          <Button type="submit" disabled={save.isPending}>
            {save.isPending && <Spinner />}
            Save product
          </Button>
        </div>
      </div>

      {editing && product && (
        <ConfirmDialog
          open={archiveOpen}
          onOpenChange={(open) => {
            setArchiveOpen(open);
            if (!open) archive.reset();
          }}
          title={`Archive ${product.title}?`}
          description="Shoppers can no longer add it to a cart. Carts that hold it now keep their holds, and orders already placed are not touched. You can make it active again later."
          confirmLabel="Archive product"
          cancelLabel="Keep it"
          pending={archive.isPending}
          error={archive.error}
          onConfirm={() => archive.mutate()}
        />
      )}
    </form>
  );
}

function FieldMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1.5 text-sm text-red-700">
      {message}
    </p>
  );
}

/** A labelled input bound to the form, with its hint and its error (both read with the input). */
function TextField({
  id,
  label,
  hint,
  error,
  registration,
  className,
  ...rest
}: { id: string; label: string; hint?: string; error?: string; registration: UseFormRegisterReturn; className?: string } & Omit<ComponentProps<"input">, "id" | "className">) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={cn(inputClasses, "mt-1.5 w-full", className)} {...rest} {...registration} />
      {hint && (
        <p id={`${id}-hint`} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

/** A variant row's input: its label is visible on narrow screens and read by assistive tech everywhere. */
function RowInput({
  id,
  label,
  prefix,
  error,
  registration,
  className,
  ...rest
}: { id: string; label: string; prefix?: string; error?: string; registration: UseFormRegisterReturn; className?: string } & Omit<ComponentProps<"input">, "id" | "className" | "prefix">) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="text-xs font-semibold text-slate-600 md:sr-only">
        {label}
      </label>
      <div className="relative">
        {prefix && (
          <span aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 -translate-y-1/2 text-sm text-slate-500">
            {prefix}
          </span>
        )}
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={cn(inputClasses, "w-full", prefix && (prefix.length > 1 ? "pl-12" : "pl-7"), className)}
          {...rest}
          {...registration}
        />
      </div>
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

function ImagePreview({ url }: { url: string | null }) {
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <figure className="overflow-hidden rounded-lg border border-slate-200 bg-slate-50">
      <div className="grid aspect-[4/3] place-items-center">
        {url && failed !== url ? (
          // eslint-disable-next-line @next/next/no-img-element -- a preview of any URL the admin types, not a known asset
          <img key={url} src={url} alt="Preview of the product image" className="size-full object-contain" onError={() => setFailed(url)} />
        ) : (
          <span className="px-4 text-center text-sm text-slate-600">{url ? "This image could not be loaded. Check the address." : "The image shows here."}</span>
        )}
      </div>
      <figcaption className="sr-only">Image preview</figcaption>
    </figure>
  );
}
