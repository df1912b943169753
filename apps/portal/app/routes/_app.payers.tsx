import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Landmark, Pencil, Plus, Save, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  Notice,
  PageHeader,
  RelativeTime,
  SelectField,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Payers · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const PLAN_TYPES = [
  { value: "medicare", label: "Traditional Medicare" },
  { value: "medicare_advantage", label: "Medicare Advantage" },
  { value: "medigap", label: "Medigap" },
  { value: "medicaid", label: "Medicaid" },
  { value: "commercial", label: "Commercial" },
] as const;
const planLabel = (value: string) => PLAN_TYPES.find((p) => p.value === value)?.label ?? value;
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The clinic's payer directory (issue 24): every payer its patients' coverage names, with the ids
 * claims are routed on, and each payer's contracted fee schedule. Clinic admins only.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const selected = new URL(request.url).searchParams.get("payer");
  try {
    const payers = await caller.payers.list();
    const schedule = selected && UUID.test(selected) ? await caller.payers.rates({ payerId: selected }) : null;
    return data({ payers, schedule, now: new Date().toISOString(), year: new Date().getUTCFullYear() }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "The payer directory is for your clinic's administrators.");
  }
}

type ActionResult = { intent: string; ok: true; message: string } | { intent: string; ok: false; message: string | null; fieldErrors: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const reply = (result: ActionResult) => data(result, { headers: headers() });
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    if (intent === "add" || intent === "edit") {
      const payer = {
        name: text("name"),
        planType: text("planType") as (typeof PLAN_TYPES)[number]["value"],
        ediPayerId: text("ediPayerId"),
        claimType: text("claimType") === "837p" || text("claimType") === "837i" ? (text("claimType") as "837p" | "837i") : null,
        receiverId: text("receiverId") || null,
        submitterId: text("submitterId") || null,
      };
      if (intent === "add") await caller.payers.add(payer);
      else await caller.payers.edit({ payerId: text("payerId"), ...payer });
      return reply({ intent, ok: true, message: `${payer.name.trim()} ${intent === "add" ? "was added to" : "was saved in"} the directory.` });
    }
    if (intent === "setActive") {
      const active = text("active") === "true";
      await caller.payers.setActive({ payerId: text("payerId"), active });
      return reply({ intent, ok: true, message: `${text("name")} is ${active ? "active again" : "inactive: it takes no new coverage"}.` });
    }
    if (intent === "saveRate") {
      const saved = await caller.payers.saveRate({ payerId: text("payerId"), code: text("code"), year: Number(text("year")), amount: text("amount"), source: text("source") });
      return reply({ intent, ok: true, message: `${saved.code} for ${saved.year} is now ${dollars(saved.cents)} a unit under this payer.` });
    }
    if (intent === "removeRate") {
      await caller.payers.removeRate({ payerId: text("payerId"), code: text("code"), year: Number(text("year")) });
      return reply({ intent, ok: true, message: `The ${text("year")} rate for ${text("code")} was removed: Medicare's amount applies, marked assumed.` });
    }
    return reply({ intent, ok: false, message: "Unknown request.", fieldErrors: {} });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({ intent, ok: false, message: failure.message, fieldErrors: failure.fieldErrors });
  }
}

type Payer = ReturnType<typeof useLoaderData<typeof loader>>["payers"][number];

export default function Payers() {
  const { payers, schedule, now, year } = useLoaderData<typeof loader>();
  const edit = useFetcher<typeof action>({ key: "payer-edit" });
  const status = useFetcher<typeof action>({ key: "payer-status" });
  const rate = useFetcher<typeof action>({ key: "payer-rate" });
  const [dialog, setDialog] = useState<{ payer: Payer | null; key: number } | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (edit.state === "idle" && edit.data?.ok) {
      setDialog(null);
      setFlash(edit.data.message);
    }
  }, [edit.state, edit.data]);
  useEffect(() => {
    if (status.state === "idle" && status.data?.ok) setFlash(status.data.message);
  }, [status.state, status.data]);
  useEffect(() => {
    if (rate.state === "idle" && rate.data?.ok) setFlash(rate.data.message);
  }, [rate.state, rate.data]);

  const editErrors = edit.data && !edit.data.ok ? edit.data.fieldErrors : {};
  const editMessage = edit.data && !edit.data.ok ? edit.data.message : null;
  const rateErrors = rate.data && !rate.data.ok ? rate.data.fieldErrors : {};
  const otherError = [status.data, rate.data].find((d) => d && !d.ok && d.message) as { message: string } | undefined;
  const current = dialog?.payer ?? null;

  return (
    <Page>
      <PageHeader
        title="Payers"
        description="Every payer your patients' coverage names — traditional Medicare, each Medicare Advantage plan, Medigap, Medicaid — with the ids its claims are routed on and the rates it pays."
        actions={
          <Button icon={Plus} onClick={() => { setFlash(null); setDialog({ payer: null, key: Date.now() }); }}>
            Add payer
          </Button>
        }
      />
      {flash ? <Notice tone="success" className="mb-5" live>{flash}</Notice> : null}
      {otherError ? <Notice tone="danger" title="Nothing was changed" className="mb-5" live>{otherError.message}</Notice> : null}

      <Card flush title="Payer directory" description="Claims go to each payer's id. Routing shows the payer's own claim type · receiver · submitter, where it differs from the clinic's billing profile. Patients: covered by the payer today.">
        <Table caption="Payer directory">
          <THead>
            <Tr>
              <Th>Payer</Th>
              <Th>Kind</Th>
              <Th>Payer id</Th>
              <Th>Routing</Th>
              <Th align="right">Patients</Th>
              <Th>Status</Th>
              <Th align="right"><span className="sr-only">Actions</span></Th>
            </Tr>
          </THead>
          <TBody>
            {payers.length === 0 ? (
              <TableEmpty colSpan={7}>
                <EmptyState icon={Landmark} title="No payers yet">Add traditional Medicare (your MAC's payer id) and each plan your patients are covered by.</EmptyState>
              </TableEmpty>
            ) : null}
            {payers.map((p) => (
              <Tr key={p.id} className={p.active ? undefined : "bg-neutral-25"}>
                <Td><span className="font-medium whitespace-nowrap text-ink-900">{p.name}</span></Td>
                <Td><span className="whitespace-nowrap">{planLabel(p.planType)}</span></Td>
                <Td><span className="font-mono">{p.ediPayerId}</span></Td>
                <Td>
                  {p.claimType || p.receiverId || p.submitterId ? (
                    <span className="font-mono text-compact">{[p.claimType?.toUpperCase() ?? "—", p.receiverId ?? "—", p.submitterId ?? "—"].join(" · ")}</span>
                  ) : (
                    <span className="text-ink-500">Billing profile</span>
                  )}
                </Td>
                <Td align="right"><span className="tabular">{p.coveredPatients}</span></Td>
                <Td>{p.active ? <Badge tone="success">Active</Badge> : <Badge tone="muted">Inactive</Badge>}</Td>
                <Td align="right">
                  <div className="flex justify-end gap-1.5">
                    <Link to={`?payer=${p.id}`} preventScrollReset className="inline-flex items-center rounded-md px-2 py-1 text-compact font-medium whitespace-nowrap text-brand-700 hover:bg-brand-50" aria-label={`Fee schedule of ${p.name}`}>
                      Fee schedule{p.rateCount ? ` (${p.rateCount})` : ""}
                    </Link>
                    <Button variant="ghost" size="sm" icon={Pencil} aria-label={`Edit ${p.name}`} onClick={() => { setFlash(null); setDialog({ payer: p, key: Date.now() }); }}>Edit</Button>
                    <status.Form method="post">
                      <input type="hidden" name="intent" value="setActive" />
                      <input type="hidden" name="payerId" value={p.id} />
                      <input type="hidden" name="name" value={p.name} />
                      <input type="hidden" name="active" value={String(!p.active)} />
                      <Button type="submit" variant="ghost" size="sm" aria-label={`${p.active ? "Deactivate" : "Reactivate"} ${p.name}`}>{p.active ? "Deactivate" : "Reactivate"}</Button>
                    </status.Form>
                  </div>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>

      {schedule ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-[3fr_2fr]">
          <Card title={`Fee schedule — ${schedule.payer.name}`} description="Contracted per-unit amounts by code and year. A code without one is priced at Medicare's amount, marked assumed on the worksheet.">
            {schedule.rates.length === 0 ? (
              <p className="text-compact text-ink-600">No contracted rates yet: Medicare's amounts apply, marked assumed.</p>
            ) : (
              <table className="w-full text-compact" data-testid="payer-fee-schedule">
                <thead>
                  <tr className="text-left text-2xs tracking-wide text-ink-500 uppercase">
                    <th className="py-1.5 pr-4 font-medium">Code</th>
                    <th className="py-1.5 pr-4 font-medium">Year</th>
                    <th className="py-1.5 text-right font-medium whitespace-nowrap">Per unit</th>
                    <th className="py-1.5 pl-4 font-medium">Source</th>
                    <th className="py-1.5 font-medium">Entered</th>
                    <th className="py-1.5"><span className="sr-only">Remove</span></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-neutral-100">
                  {schedule.rates.map((r) => (
                    <tr key={`${r.code}-${r.year}`}>
                      <td className="py-1.5 pr-4 font-mono">{r.code}</td>
                      <td className="py-1.5 pr-4">{r.year}</td>
                      <td className="tabular py-1.5 text-right">{dollars(r.cents)}</td>
                      <td className="py-1.5 pl-4 text-ink-700">{r.source}</td>
                      <td className="py-1.5 whitespace-nowrap text-ink-500"><RelativeTime date={r.updatedAt} now={now} /></td>
                      <td className="py-1.5 text-right">
                        <rate.Form method="post">
                          <input type="hidden" name="intent" value="removeRate" />
                          <input type="hidden" name="payerId" value={schedule.payer.id} />
                          <input type="hidden" name="code" value={r.code} />
                          <input type="hidden" name="year" value={r.year} />
                          <Button type="submit" variant="ghost" size="sm" icon={Trash2} aria-label={`Remove ${r.code} ${r.year}`}>Remove</Button>
                        </rate.Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
          <Card title="Enter a contracted rate" description="Replaces this payer's rate for that code and year, if it has one. Every change is in the audit log.">
            <rate.Form method="post" className="space-y-4" key={`${schedule.payer.id}-${rate.data?.ok ? rate.data.message : ""}`}>
              <input type="hidden" name="intent" value="saveRate" />
              <input type="hidden" name="payerId" value={schedule.payer.id} />
              <div className="grid gap-4 sm:grid-cols-3">
                <TextField label="Code" name="code" placeholder="99490" required maxLength={5} error={rateErrors.code} className="[&_input]:font-mono" />
                <TextField label="Year" name="year" type="number" defaultValue={String(year)} required error={rateErrors.year} />
                <TextField label="Per unit (USD)" name="amount" inputMode="decimal" placeholder="58.20" required error={rateErrors.amount} />
              </div>
              <TextField label="Source" name="source" placeholder="Plan's 2026 provider contract, exhibit B" required error={rateErrors.source} />
              <Button type="submit" icon={Save} disabled={rate.state !== "idle"}>Save rate</Button>
            </rate.Form>
          </Card>
        </div>
      ) : null}

      <Dialog
        open={dialog !== null}
        onClose={() => setDialog(null)}
        title={current ? `Edit ${current.name}` : "Add a payer"}
        description="The payer id is the one your clearinghouse routes claims on (837 loop 2010BB). Leave the overrides blank to use the clinic's billing profile."
        footer={
          <>
            <Button variant="secondary" onClick={() => setDialog(null)}>Cancel</Button>
            <Button type="submit" form="payer-form" icon={Save} disabled={edit.state !== "idle"}>{edit.state !== "idle" ? "Saving…" : current ? "Save payer" : "Add payer"}</Button>
          </>
        }
      >
        <edit.Form method="post" noValidate className="space-y-4" key={dialog?.key} id="payer-form">
          <input type="hidden" name="intent" value={current ? "edit" : "add"} />
          {current ? <input type="hidden" name="payerId" value={current.id} /> : null}
          {editMessage ? <Notice tone="danger" live>{editMessage}</Notice> : null}
          <TextField label="Name" name="name" required autoFocus defaultValue={current?.name} placeholder="Humana Gold Plus HMO" error={editErrors.name} />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Kind" name="planType" defaultValue={current?.planType ?? "medicare_advantage"} error={editErrors.planType}>
              {PLAN_TYPES.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
            </SelectField>
            <TextField label="Payer id" name="ediPayerId" required defaultValue={current?.ediPayerId} placeholder="61101" error={editErrors.ediPayerId} className="[&_input]:font-mono" />
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <SelectField label="Claim type" name="claimType" defaultValue={current?.claimType ?? ""} error={editErrors.claimType}>
              <option value="">Billing profile</option>
              <option value="837p">837P</option>
              <option value="837i">837I</option>
            </SelectField>
            <TextField label="Receiver id" name="receiverId" defaultValue={current?.receiverId ?? ""} placeholder="Optional" error={editErrors.receiverId} className="[&_input]:font-mono" />
            <TextField label="Submitter id" name="submitterId" defaultValue={current?.submitterId ?? ""} placeholder="Optional" error={editErrors.submitterId} className="[&_input]:font-mono" />
          </div>
        </edit.Form>
      </Dialog>
    </Page>
  );
}
