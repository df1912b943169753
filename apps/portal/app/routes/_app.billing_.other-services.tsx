import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { ArrowLeft, ListPlus, Upload } from "lucide-react";
import {
  Badge,
  Button,
  buttonClasses,
  buttonIconClass,
  Card,
  Checkbox,
  EmptyState,
  Notice,
  SelectField,
  Table,
  TableEmpty,
  TBody,
  Td,
  TextareaField,
  TextField,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { BillingSubpageHeader } from "../components/billing/BillingSubpageHeader";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { monthLabel, serviceMonthParam } from "../lib/billing-month";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { readUploadForm } from "../lib/upload.server";

export const meta: MetaFunction = () => [{ title: "Other services · Billing · Carefold Portal" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const serviceMonth = serviceMonthParam(request);
  try {
    const [services, codes, patients] = await Promise.all([
      caller.otherServices.list({ serviceMonth }),
      caller.otherServices.codes(),
      caller.patients.list({ programStatus: "enrolled", pageSize: 100 }),
    ]);
    return data({ serviceMonth, services, codes, patients: patients.rows.map((p) => ({ id: p.id, name: p.name })) }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Other services are recorded by your clinic's admins.");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  // The API takes at most 2 MB of CSV here; a bigger upload is refused before it is buffered.
  const form = await readUploadForm(request, 2 * 1024 * 1024);
  const intent = String(form?.get("intent") ?? "import");
  const reply = (ok: boolean, message: string, extra: { fieldErrors?: Record<string, string>; lineErrors?: { line: number; message: string }[] } = {}) =>
    data({ ok, intent, message, fieldErrors: extra.fieldErrors ?? {}, lineErrors: extra.lineErrors ?? [] }, { headers: headers() });
  if (!form) return reply(false, "The file is larger than 2 MB. Split it into smaller files and import them one after another.");
  try {
    if (intent === "add") {
      const result = await caller.otherServices.add({
        patientId: String(form.get("patientId") ?? ""),
        serviceMonth: String(form.get("serviceMonth") ?? ""),
        code: String(form.get("code") ?? ""),
        samePractitioner: form.get("samePractitioner") === "on",
      });
      return reply(true, result.isDuplicate ? "That service was already recorded." : "Service recorded. The next close of the month takes it into account.");
    }
    if (intent === "remove") {
      await caller.otherServices.remove({ id: String(form.get("id") ?? "") });
      return reply(true, "Service removed.");
    }
    if (intent === "import") {
      const file = form.get("file");
      // An empty file input still sends a zero-byte file: then the pasted text counts.
      const csv = file && typeof file !== "string" && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
      const result = await caller.otherServices.importCsv({ csv });
      if (result.errors.length) return reply(false, `Nothing was imported: ${result.errors.length} line(s) need fixing.`, { lineErrors: result.errors });
      return reply(true, `${result.imported} service(s) imported${result.duplicates ? `, ${result.duplicates} already recorded` : ""}.`);
    }
    return reply(false, "Unknown request.");
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply(false, failure.message ?? "Nothing was changed.", { fieldErrors: failure.fieldErrors });
  }
}


export default function OtherServices() {
  const { serviceMonth, services, codes, patients } = useLoaderData<typeof loader>()!;
  const fetcher = useFetcher<typeof action>({ key: "other-services" });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  return (
    <Page>
      <BillingSubpageHeader title="Other services" serviceMonth={serviceMonth} description="Services billed for a patient's month outside this CCM program — TCM, PCM, APCM, RPM, BHI, or CCM billed by another practitioner. The month close checks them against the CCM rules (for example PCM by the same practitioner blocks CCM)." />
      {result ? (
        <Notice tone={result.ok ? "success" : "danger"} className="mb-5" live>
          {result.message}
          {result.lineErrors.length ? (
            <ul className="mt-2 list-disc pl-5">
              {result.lineErrors.map((e) => (
                <li key={e.line}>
                  Line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <div className="mb-6 grid grid-cols-2 gap-4">
        <Card title="Record a service">
          <fetcher.Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="serviceMonth" value={serviceMonth} />
            <SelectField label="Patient" name="patientId" required>
              {patients.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
            <TextField label="CPT/HCPCS code" name="code" list="other-service-codes" required maxLength={5} error={result?.fieldErrors?.code} hint="e.g. 99495 (TCM), 99424 (PCM), G0557 (APCM)" />
            <datalist id="other-service-codes">
              {codes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </datalist>
            <Checkbox name="samePractitioner" label="Billed by the same practitioner who bills CCM" />
            <Button type="submit" icon={ListPlus} disabled={fetcher.state !== "idle"}>
              Record service
            </Button>
          </fetcher.Form>
        </Card>
        <Card title="Upload a CSV" description="Columns: mbi, service_month (YYYY-MM), code, same_practitioner (yes/no). Every line is checked first; nothing is saved if any line has a problem.">
          <fetcher.Form method="post" encType="multipart/form-data" className="space-y-3">
            <input type="hidden" name="intent" value="import" />
            <TextareaField label="CSV text (or choose a file below)" name="csv" rows={4} placeholder={"mbi,service_month,code,same_practitioner\n1EG4-TE5-MK73," + serviceMonth + ",99495,no"} />
            <input type="file" name="file" accept=".csv,text/csv" aria-label="CSV file" className="block text-compact" />
            <Button type="submit" variant="secondary" icon={Upload} disabled={fetcher.state !== "idle"}>
              Import
            </Button>
          </fetcher.Form>
        </Card>
      </div>
      <Card flush title={`${services.length} service${services.length === 1 ? "" : "s"} recorded for ${monthLabel(serviceMonth)}`}>
        <Table caption={`Other services, ${monthLabel(serviceMonth)}`}>
          <THead>
            <Tr>
              <Th>Patient</Th>
              <Th>Code</Th>
              <Th>Practitioner</Th>
              <Th>Source</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {services.length === 0 ? (
              <TableEmpty colSpan={5}>
                <EmptyState icon={ListPlus} title="Nothing recorded for this month" />
              </TableEmpty>
            ) : null}
            {services.map((s) => (
              <Tr key={s.id}>
                <Td className="font-medium">{s.patient}</Td>
                <Td className="tabular">{s.code}</Td>
                <Td>{s.samePractitioner ? <Badge tone="warning">Same practitioner</Badge> : <span className="text-ink-600">Another practitioner</span>}</Td>
                <Td>{s.source === "csv" ? "CSV upload" : "Form"}</Td>
                <Td align="right">
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="id" value={s.id} />
                    <Button type="submit" size="sm" variant="ghost" aria-label={`Remove ${s.code} for ${s.patient}`}>
                      Remove
                    </Button>
                  </fetcher.Form>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <p className="mt-4 text-compact text-ink-500">
        A closed month cannot change; ask your vendor to reopen it first.{" "}
        <Link to={`/billing?month=${serviceMonth}`} className={buttonClasses({ variant: "ghost", size: "sm" })}>
          Back to the worksheet <ArrowLeft aria-hidden="true" className={buttonIconClass()} />
        </Link>
      </p>
    </Page>
  );
}
