import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { FileSignature, Plus } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge, Button, Card, Dialog, EmptyState, Notice, SelectField, Table, TableEmpty, TBody, Td, TextField, Th, THead, Tr } from "@carefold/ui";
import { RouteError } from "../components/RouteError";
import { PRICING_LABEL, describePricing, formatMoney, parseCodeFees, parseDollars, parsePercent, type PricingView } from "../components/invoicing/money";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  try {
    const [contracts, clinics] = await Promise.all([caller.invoicing.contracts({}), caller.admin.clinics()]);
    return data({ contracts, clinics: clinics.map((c) => ({ id: c.id, name: c.name })) }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Contracts are for vendor administrators.");
  }
}

type Errors = Partial<Record<string, string>>;

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const errors: Errors = {};
  const model = text("model");
  let pricing: PricingView | null = null;
  if (model === "per_patient_month") {
    const fee = parseDollars(text("fee"));
    if (fee === null) errors.fee = "Enter the fee in dollars, like 42.00.";
    else pricing = { model, feePerPatientMonthCents: fee };
  } else if (model === "per_code") {
    const fees = parseCodeFees(text("codeFees"));
    if (!fees) errors.codeFees = "List each code with its fee, like 99490=42.00, 99439=30.00.";
    else pricing = { model, codeFeesCents: fees };
  } else {
    const bp = parsePercent(text("percent"));
    if (bp === null) errors.percent = "Enter a percentage, like 15 or 15.5.";
    else pricing = { model: "percent_of_reimbursement", percentBasisPoints: bp };
  }
  const minimum = text("minimum") === "" ? 0 : parseDollars(text("minimum"));
  if (minimum === null) errors.minimum = "Enter the monthly minimum in dollars, or leave it empty.";
  const terms = Number(text("paymentTermsDays"));
  if (!pricing || minimum === null) return data({ ok: false as const, message: null, fieldErrors: errors }, { headers: headers() });
  try {
    await caller.invoicing.createContract({
      tenantId: text("tenantId"),
      effectiveFromMonth: text("effectiveFromMonth"),
      pricing,
      monthlyMinimumCents: minimum,
      paymentTermsDays: Number.isInteger(terms) ? terms : -1,
      billingContactName: text("billingContactName"),
      billingContactEmail: text("billingContactEmail"),
    });
    return data({ ok: true as const, message: "Contract saved. It prices every month from its first month until a later contract takes over." }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    const f = failure.fieldErrors;
    return data({ ok: false as const, message: failure.message, fieldErrors: { ...errors, effectiveFromMonth: f.effectiveFromMonth, paymentTermsDays: f.paymentTermsDays, billingContactName: f.billingContactName, billingContactEmail: f.billingContactEmail, tenantId: f.tenantId, percent: f["pricing.percentBasisPoints"], fee: f["pricing.feePerPatientMonthCents"] } }, { headers: headers() });
  }
}

function nextMonth(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export default function Contracts() {
  const { contracts, clinics } = useLoaderData<typeof loader>();
  const save = useFetcher<typeof action>({ key: "create-contract" });
  const [open, setOpen] = useState(false);
  const [model, setModel] = useState("per_patient_month");
  const [flash, setFlash] = useState<string | null>(null);
  useEffect(() => {
    if (save.state === "idle" && save.data?.ok) {
      setOpen(false);
      setFlash(save.data.message);
    }
  }, [save.state, save.data]);
  const errors: Errors = save.data && !save.data.ok ? save.data.fieldErrors : {};
  const message = save.data && !save.data.ok ? save.data.message : null;
  const clinicName = new Map(clinics.map((c) => [c.id, c.name]));
  const current = new Set<string>();
  const thisMonth = nextMonth();

  return (
    <>
      <div className="mb-4 flex items-center justify-between">
        <p className="text-sm text-ink-600">Prices per clinic, effective from a service month. A change is a new contract from a later month; old months keep the price they were invoiced at.</p>
        <Button icon={Plus} onClick={() => { setFlash(null); setOpen(true); }}>Add contract</Button>
      </div>
      {flash ? <Notice tone="success" className="mb-4" live>{flash}</Notice> : null}
      <Card flush>
        <Table caption="Contracts" dense>
          <THead>
            <Tr>
              <Th>Clinic</Th>
              <Th>From</Th>
              <Th>Pricing</Th>
              <Th align="right">Monthly minimum</Th>
              <Th>Terms</Th>
              <Th>Billing contact</Th>
            </Tr>
          </THead>
          <TBody>
            {contracts.length === 0 ? (
              <TableEmpty colSpan={6}>
                <EmptyState icon={FileSignature} title="No contracts yet — add one per clinic before invoicing">
                  Choose a fee per billed patient-month, a fee per code, or a percentage of what the clinic expects Medicare to pay.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {contracts.map((c) => {
              const isCurrent = c.effectiveFromMonth <= thisMonth && !current.has(c.tenantId);
              if (isCurrent) current.add(c.tenantId);
              return (
                <Tr key={c.id}>
                  <Td><span className="font-medium text-ink-900">{clinicName.get(c.tenantId) ?? "—"}</span></Td>
                  <Td>
                    <span className="tabular">{c.effectiveFromMonth}</span>{" "}
                    {isCurrent ? <Badge tone="success">In force</Badge> : c.effectiveFromMonth > thisMonth ? <Badge tone="brand">Upcoming</Badge> : <Badge tone="muted">Earlier</Badge>}
                  </Td>
                  <Td>
                    <span className="block text-ink-900">{describePricing(c.pricing)}</span>
                    <span className="block text-2xs text-ink-500">{PRICING_LABEL[c.pricing.model]}</span>
                  </Td>
                  <Td align="right"><span className="tabular">{c.monthlyMinimumCents ? formatMoney(c.monthlyMinimumCents) : "None"}</span></Td>
                  <Td>Net {c.paymentTermsDays} days</Td>
                  <Td>
                    <span className="block">{c.billingContactName}</span>
                    <span className="block text-2xs text-ink-500">{c.billingContactEmail}</span>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        size="lg"
        title="Add a contract"
        description="Amounts in US dollars; they are stored as whole cents."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" form="contract-form" disabled={save.state !== "idle"}>{save.state !== "idle" ? "Saving…" : "Save contract"}</Button>
          </>
        }
      >
        <save.Form method="post" noValidate id="contract-form" className="grid grid-cols-2 gap-4">
          {message ? <Notice tone="danger" title="The contract wasn't saved" className="col-span-2" live>{message}</Notice> : null}
          <SelectField label="Clinic" name="tenantId" className="col-span-2">
            {clinics.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </SelectField>
          <TextField label="First service month" name="effectiveFromMonth" type="month" defaultValue={thisMonth} required error={errors.effectiveFromMonth} />
          <SelectField label="Pricing" name="model" value={model} onChange={(e) => setModel(e.currentTarget.value)}>
            {Object.entries(PRICING_LABEL).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </SelectField>
          {model === "per_patient_month" ? <TextField label="Fee per billed patient-month ($)" name="fee" inputMode="decimal" placeholder="42.00" required error={errors.fee} /> : null}
          {model === "per_code" ? <TextField label="Fee per code ($)" name="codeFees" placeholder="99490=42.00, 99439=30.00" hint="Codes not listed are not charged." required error={errors.codeFees} className="col-span-2" /> : null}
          {model === "percent_of_reimbursement" ? <TextField label="Percentage of expected reimbursement" name="percent" inputMode="decimal" placeholder="15" required error={errors.percent} /> : null}
          <TextField label="Monthly minimum ($)" name="minimum" inputMode="decimal" placeholder="Optional" hint="A top-up line brings a smaller month up to it." error={errors.minimum} />
          <TextField label="Payment terms (days)" name="paymentTermsDays" type="number" min={0} max={120} defaultValue="30" required error={errors.paymentTermsDays} />
          <TextField label="Billing contact name" name="billingContactName" required error={errors.billingContactName} />
          <TextField label="Billing contact e-mail" name="billingContactEmail" type="email" required error={errors.billingContactEmail} />
        </save.Form>
      </Dialog>
    </>
  );
}
