import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { FileCheck2, Upload } from "lucide-react";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  FileField,
  Notice,
  StatTile,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  type Tone,
} from "@carefold/ui";
import { BillingSubpageHeader } from "../components/billing/BillingSubpageHeader";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { fileAsBase64 } from "../lib/patients.server";
import { monthLabel, serviceMonthParam } from "../lib/billing-month";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { readUploadForm } from "../lib/upload.server";

export const meta: MetaFunction = () => [{ title: "Remittance · Billing · Carefold Portal" }];
export const ErrorBoundary = RouteError;

/** The API's limit too (remittance.service.ts); checked here so a big upload is never buffered whole. */
const MAX_BYTES = 5 * 1024 * 1024;
const TOO_LARGE = "The file is larger than 5 MB. Ask your clearinghouse for one file per payment.";

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const serviceMonth = serviceMonthParam(request);
  try {
    const [remittance, denials, files, unmatched] = await Promise.all([
      caller.remittance.month({ serviceMonth }),
      caller.remittance.denials(),
      caller.remittance.files(),
      caller.remittance.unmatched(),
    ]);
    const role = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.role;
    return data({ serviceMonth, remittance, denials, files: files.slice(0, 10), unmatched, isAdmin: role === "clinic_admin" }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Remittance is for clinic admins and billing practitioners.");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const reply = (ok: boolean, message: string) => data({ ok, message }, { headers: headers() });
  const form = await readUploadForm(request, MAX_BYTES);
  if (!form) return reply(false, TOO_LARGE);
  try {
    const file = await fileAsBase64(form.get("file"));
    if (!file) return reply(false, "Choose the 835, 999 or 277CA file to upload first.");
    if (file.size > MAX_BYTES) return reply(false, TOO_LARGE);
    const r = await caller.remittance.upload({ fileName: file.name, base64: file.base64 });
    const label = r.kind === "277ca" ? "277CA" : r.kind;
    if (r.duplicate) return reply(true, `${file.name} was uploaded before: nothing changed.`);
    if (r.kind === "835") {
      const counts = [`${r.outcomes.paid} paid`, `${r.outcomes.adjusted} adjusted`, `${r.outcomes.denied} denied`, r.outcomes.reversed ? `${r.outcomes.reversed} reversed` : ""].filter(Boolean).join(", ");
      const skipped = r.alreadyRecorded ? ` ${r.alreadyRecorded} claim${r.alreadyRecorded === 1 ? " was" : "s were"} already recorded from another file.` : "";
      const unmatched = r.recorded - r.matched;
      return reply(true, `835 recorded: ${r.recorded} claim${r.recorded === 1 ? "" : "s"} (${counts}).${skipped}${unmatched ? ` ${unmatched} did not match a claim of yours; see "Not matched" below.` : ""}`);
    }
    return reply(true, `${label} recorded: ${r.outcomes.accepted} accepted, ${r.outcomes.rejected} rejected. It is shown beside the claim file on the worksheet.`);
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply(false, failure.message ?? "Nothing was recorded.");
  }
}

const usd = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
const OUTCOME: Record<string, { label: string; tone: Tone }> = {
  paid: { label: "Paid", tone: "success" },
  adjusted: { label: "Adjusted", tone: "warning" },
  denied: { label: "Denied", tone: "danger" },
  reversed: { label: "Reversed", tone: "neutral" },
};
const KIND: Record<string, string> = { "835": "835 remittance", "999": "999 acknowledgment", "277ca": "277CA acknowledgment" };

type LoaderData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>;
type Payment = LoaderData["remittance"]["payments"][number];

function Reasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return <span className="text-ink-500">—</span>;
  return (
    <ul className="space-y-0.5">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

export default function Remittance() {
  const { serviceMonth, remittance, denials, files, unmatched, isAdmin } = useLoaderData<typeof loader>()!;
  const fetcher = useFetcher<typeof action>({ key: "remittance" });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const c = remittance.collections;
  return (
    <Page>
      <BillingSubpageHeader title="Remittance" serviceMonth={serviceMonth} description="What Medicare paid, adjusted or denied for this month's claims, from the 835 remittance files your clearinghouse sends, with the payer's reasons in plain words." />
      {result ? (
        <Notice tone={result.ok ? "success" : "danger"} title={result.ok ? undefined : "Nothing was recorded"} className="mb-5" live>
          {result.message}
        </Notice>
      ) : null}

      <div className="mb-6 grid grid-cols-4 gap-4">
        <StatTile label="Expected" value={usd(c.expectedCents)} hint={`${c.claims} claim${c.claims === 1 ? "" : "s"} in the approved month`} />
        <StatTile label="Paid by Medicare" value={usd(c.paidCents)} hint={`${c.remitted} of ${c.claims} claims answered`} />
        <StatTile label="Patient responsibility" value={usd(c.patientResponsibilityCents)} hint="Deductible and coinsurance" />
        <StatTile label="Denied" value={String(c.denied)} hint="Claims to correct or appeal" />
      </div>

      {isAdmin ? (
        <Card title="Upload a payer file" description="An 835 remittance (ERA), a 999 or a 277CA acknowledgment, as your clearinghouse sends it. The same file twice records nothing new." className="mb-6">
          <fetcher.Form method="post" encType="multipart/form-data" className="max-w-xl space-y-3">
            <FileField label="Payer file" name="file" accept=".835,.999,.277,.txt,.edi,.x12,text/plain" required hint="X12 text as received, up to 5 MB." />
            <Button type="submit" icon={Upload} disabled={fetcher.state !== "idle"}>
              Upload
            </Button>
          </fetcher.Form>
        </Card>
      ) : null}

      <Card flush title={`Claim payments · ${monthLabel(serviceMonth)}`} className="mb-6">
        <PaymentsTable caption={`Claim payments, ${monthLabel(serviceMonth)}`} rows={remittance.payments} empty="No remittance recorded for this month yet." />
      </Card>

      <Card flush title={`Denials to work (${denials.length})`} description="Claims whose latest answer is a denial, oldest first. Correct and resubmit, or appeal; a later payment takes the claim off this list." className="mb-6">
        <PaymentsTable caption="Denials to work" rows={denials} empty="No open denials." showMonth />
      </Card>

      {unmatched.length ? (
        <Card flush title="Not matched" description="Claim payments whose patient control number is not one of the claims Carefold exported for you." className="mb-6">
          <PaymentsTable caption="Claim payments not matched" rows={unmatched} empty="" />
        </Card>
      ) : null}

      <Card flush title="Payer files">
        <Table caption="Payer files">
          <THead>
            <Tr>
              <Th>File</Th>
              <Th>Kind</Th>
              <Th>Payment</Th>
              <Th align="right">Claims</Th>
              <Th>Uploaded</Th>
            </Tr>
          </THead>
          <TBody>
            {files.length === 0 ? (
              <TableEmpty colSpan={5}>
                <EmptyState icon={FileCheck2} title="No payer files uploaded yet" />
              </TableEmpty>
            ) : null}
            {files.map((f) => (
              <Tr key={f.fileId}>
                <Td className="font-medium">{f.fileName}</Td>
                <Td>{KIND[f.kind] ?? f.kind}</Td>
                <Td className="tabular">{f.paymentCents === null ? "—" : `${usd(f.paymentCents)}${f.paymentDate ? ` on ${f.paymentDate}` : ""}${f.traceNumber ? ` · ${f.traceNumber}` : ""}`}</Td>
                <Td align="right" className="tabular">{f.claimCount}</Td>
                <Td className="tabular">{f.createdAt.slice(0, 10)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </Page>
  );
}

function PaymentsTable({ caption, rows, empty, showMonth = false }: { caption: string; rows: Payment[]; empty: string; showMonth?: boolean }) {
  const columns = showMonth ? 8 : 7;
  return (
    <Table caption={caption}>
      <THead>
        <Tr>
          <Th>Patient</Th>
          {showMonth ? <Th>Month</Th> : null}
          <Th>Outcome</Th>
          <Th>Payer claim no.</Th>
          <Th align="right">Billed</Th>
          <Th align="right">Paid</Th>
          <Th align="right">Patient owes</Th>
          <Th>Reasons</Th>
        </Tr>
      </THead>
      <TBody>
        {rows.length === 0 ? (
          <TableEmpty colSpan={columns}>
            <span className="text-ink-500">{empty}</span>
          </TableEmpty>
        ) : null}
        {rows.map((p) => {
          const o = OUTCOME[p.outcome] ?? { label: p.outcome, tone: "neutral" as Tone };
          return (
            <Tr key={p.id}>
              <Td className="font-medium">{p.name ?? <span className="tabular text-ink-600">{p.patientControlNumber}</span>}</Td>
              {showMonth ? <Td className="tabular">{p.serviceMonth ? monthLabel(p.serviceMonth) : "—"}</Td> : null}
              <Td>
                <Badge tone={o.tone}>{o.label}</Badge>
              </Td>
              <Td className="tabular">{p.payerClaimControlNumber}</Td>
              <Td align="right" className="tabular">{usd(p.chargeCents)}</Td>
              <Td align="right" className="tabular">{usd(p.paidCents)}</Td>
              <Td align="right" className="tabular">{usd(p.patientResponsibilityCents)}</Td>
              <Td className="max-w-md text-compact">
                <Reasons reasons={p.reasons} />
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
