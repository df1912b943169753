import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { FileSearch, ShieldCheck, Upload } from "lucide-react";
import { Badge, Button, Card, EmptyState, FileField, Notice, StatTile, Table, TableEmpty, TBody, Td, Th, THead, Tr, type Tone } from "@carefold/ui";
import { BillingSubpageHeader } from "../components/billing/BillingSubpageHeader";
import { DocumentDownload } from "../components/patients/DocumentDownload";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { fileAsBase64 } from "../lib/patients.server";
import { monthLabel, serviceMonthParam } from "../lib/billing-month";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { readUploadForm } from "../lib/upload.server";

export const meta: MetaFunction = () => [{ title: "Eligibility · Billing · Carefold Portal" }];
export const ErrorBoundary = RouteError;

/** The API's limit too (eligibility.service.ts); checked here so a big upload is never buffered whole. */
const MAX_BYTES = 5 * 1024 * 1024;
const TOO_LARGE = "The file is larger than 5 MB. Ask your clearinghouse for smaller 271 files.";

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  const serviceMonth = serviceMonthParam(request);
  try {
    const overview = await caller.eligibility.overview({ serviceMonth });
    const role = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.role;
    return data({ ...overview, isAdmin: role === "clinic_admin" }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "Eligibility checks are for clinic admins and billing practitioners.");
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const reply = (ok: boolean, message: string) => data({ ok, message }, { headers: headers() });
  const form = await readUploadForm(request, MAX_BYTES);
  if (!form) return reply(false, TOO_LARGE);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "generate") {
      const r = await caller.eligibility.generate({});
      const subscribers = r.inquiries.reduce((s, i) => s + i.subscribers, 0);
      const payers = r.inquiries.map((i) => i.payerName).join(", ");
      const skipped = r.skipped.length ? ` ${r.skipped.length} patient${r.skipped.length === 1 ? " was" : "s were"} skipped: ${r.skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}` : "";
      return reply(true, `270 ready: ${subscribers} patient${subscribers === 1 ? "" : "s"} in ${r.inquiries.length} file${r.inquiries.length === 1 ? "" : "s"} (${payers}). Download it below and send it through your clearinghouse.${skipped}`);
    }
    if (intent === "download") {
      const link = await caller.eligibility.download({ inquiryId: String(form.get("inquiryId") ?? "") });
      return redirect(link.url, { headers: headers() });
    }
    const file = await fileAsBase64(form.get("file"));
    if (!file) return reply(false, "Choose the 271 file to upload first.");
    if (file.size > MAX_BYTES) return reply(false, TOO_LARGE);
    const r = await caller.eligibility.upload({ fileName: file.name, base64: file.base64 });
    if (r.duplicate) return reply(true, `${file.name} was already read: nothing changed.`);
    const unmatched = r.subscribers - r.matched;
    return reply(
      true,
      `271 read: ${r.subscribers} patient${r.subscribers === 1 ? "" : "s"}, ${r.changed} coverage change${r.changed === 1 ? "" : "s"}, ${r.flagged} to review.${unmatched ? ` ${unmatched} matched none of your patients.` : ""}`,
    );
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply(false, failure.message ?? "Nothing was changed.");
  }
}

const FLAG: Record<string, { label: string; tone: Tone }> = {
  moved_to_medicare_advantage: { label: "Moved to Medicare Advantage", tone: "warning" },
  plan_not_in_directory: { label: "Plan not in directory", tone: "danger" },
  lost_part_b: { label: "Lost Part B", tone: "danger" },
  moved_to_traditional: { label: "Back to traditional Medicare", tone: "brand" },
  not_found: { label: "Not found — check MBI", tone: "danger" },
  not_matched: { label: "No matching patient", tone: "neutral" },
};
const STATUS: Record<string, { label: string; tone: Tone }> = {
  traditional: { label: "Traditional Medicare", tone: "success" },
  medicare_advantage: { label: "Medicare Advantage", tone: "warning" },
  inactive: { label: "No Part B", tone: "danger" },
  rejected: { label: "Rejected", tone: "danger" },
};
const PLAN: Record<string, string> = {
  medicare: "Traditional Medicare",
  medicare_advantage: "Medicare Advantage",
  medigap: "Medigap",
  medicaid: "Medicaid",
  qmb: "QMB",
  commercial: "Commercial",
};
const dateLabel = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

export default function Eligibility() {
  const { serviceMonth, flags, results, inquiries, files, isAdmin } = useLoaderData<typeof loader>()!;
  const fetcher = useFetcher<typeof action>({ key: "eligibility" });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const busy = fetcher.state !== "idle";
  return (
    <Page>
      <BillingSubpageHeader
        title="Eligibility"
        serviceMonth={serviceMonth}
        description="Ask Medicare (270) whether your enrolled patients are still in traditional Medicare, read the answers (271) your clearinghouse returns, and see who moved to a Medicare Advantage plan or lost Part B before the month closes."
      />
      {result ? (
        <Notice tone={result.ok ? "success" : "danger"} title={result.ok ? undefined : "Nothing was changed"} className="mb-5" live>
          {result.message}
        </Notice>
      ) : null}

      <div className="mb-6 grid grid-cols-3 gap-4">
        <StatTile label="To review" value={String(flags.length)} hint={`Eligibility changes up to ${monthLabel(serviceMonth)}`} />
        <StatTile label="Answers read" value={String(results.length)} hint={`${files.length} 271 file${files.length === 1 ? "" : "s"}`} />
        <StatTile label="Last 270" value={inquiries[0] ? dateLabel(inquiries[0].createdAt) : "—"} hint={inquiries[0] ? `${inquiries[0].subscribers} patients · ${inquiries[0].payerName}` : "No inquiry yet"} />
      </div>

      {isAdmin ? (
        <div className="mb-6 grid grid-cols-2 gap-4">
          <Card title="1 · Generate a 270" description="One inquiry per payer for every enrolled patient: patients with an MBI are asked of traditional Medicare, which also answers Medicare Advantage enrolment.">
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="generate" />
              <Button type="submit" icon={FileSearch} disabled={busy}>
                Generate 270
              </Button>
            </fetcher.Form>
          </Card>
          <Card title="2 · Upload the 271" description="The eligibility response your clearinghouse returns. Coverage is updated from it; the same file twice changes nothing.">
            <fetcher.Form method="post" encType="multipart/form-data" className="space-y-3">
              <input type="hidden" name="intent" value="upload" />
              <FileField label="271 file" name="file" accept=".271,.txt,.edi,.x12,text/plain" required hint="X12 text as received, up to 5 MB." />
              <Button type="submit" icon={Upload} disabled={busy}>
                Upload 271
              </Button>
            </fetcher.Form>
          </Card>
        </div>
      ) : null}

      <Card flush title={`Changes to review · ${monthLabel(serviceMonth)}`} description="Per patient, the latest eligibility change taking effect by the end of the month. Bill these patients to the right payer — or not at all — before you close." className="mb-6">
        <Table caption="Eligibility changes to review">
          <THead>
            <Tr>
              <Th>Patient</Th>
              <Th>Change</Th>
              <Th>Details</Th>
              <Th>Effective</Th>
              <Th>From file</Th>
            </Tr>
          </THead>
          <TBody>
            {flags.length === 0 ? (
              <TableEmpty colSpan={5}>
                <EmptyState icon={ShieldCheck} title="No eligibility changes to review" />
              </TableEmpty>
            ) : null}
            {flags.map((f) => {
              const flag = FLAG[f.kind] ?? { label: f.kind, tone: "neutral" as Tone };
              return (
                <Tr key={f.resultId}>
                  <Td className="font-medium">{f.name ?? <span className="text-ink-600">—</span>}</Td>
                  <Td>
                    <Badge tone={flag.tone}>{flag.label}</Badge>
                  </Td>
                  <Td className="max-w-md text-compact">{f.text}</Td>
                  <Td className="tabular">{f.date ? dateLabel(f.date) : "—"}</Td>
                  <Td className="text-compact text-ink-600">{f.fileName}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <Card flush title="Latest answers" description="Each patient the payer answered about, newest first, with the primary coverage in force today." className="mb-6">
        <Table caption="Latest eligibility answers">
          <THead>
            <Tr>
              <Th>Patient</Th>
              <Th>Answer</Th>
              <Th>Primary coverage now</Th>
              <Th>Coverage changed</Th>
              <Th>File</Th>
            </Tr>
          </THead>
          <TBody>
            {results.length === 0 ? (
              <TableEmpty colSpan={5}>
                <span className="text-ink-500">No 271 read yet.</span>
              </TableEmpty>
            ) : null}
            {results.map((r) => {
              const status = STATUS[r.status] ?? { label: r.status, tone: "neutral" as Tone };
              return (
                <Tr key={r.resultId}>
                  <Td className="font-medium">{r.name ?? <span className="text-ink-600">No matching patient</span>}</Td>
                  <Td>
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </Td>
                  <Td className="text-compact">
                    {r.coverage ? (
                      <>
                        {r.coverage.payerName} <span className="text-ink-600">· {PLAN[r.coverage.planType] ?? r.coverage.planType} · from {dateLabel(r.coverage.from)}{r.coverage.to ? ` to ${dateLabel(r.coverage.to)}` : ""}</span>
                      </>
                    ) : (
                      <span className="text-ink-600">None in force</span>
                    )}
                  </Td>
                  <Td>{r.changed ? "Yes" : "No"}</Td>
                  <Td className="text-compact text-ink-600">{r.fileName}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      <div className="grid gap-6">
        <Card flush title="270 inquiries" description="Send each file through your clearinghouse; its 271 answer comes back to upload above.">
          <Table caption="270 inquiries">
            <THead>
              <Tr>
                <Th>File</Th>
                <Th align="right">Patients</Th>
                <Th>Created</Th>
                {isAdmin ? <Th>
                  <span className="sr-only">Download</span>
                </Th> : null}
              </Tr>
            </THead>
            <TBody>
              {inquiries.length === 0 ? (
                <TableEmpty colSpan={isAdmin ? 4 : 3}>
                  <span className="text-ink-500">No 270 generated yet.</span>
                </TableEmpty>
              ) : null}
              {inquiries.map((i) => (
                <Tr key={i.inquiryId}>
                  <Td className="font-medium">
                    {i.fileName}
                    <div className="text-compact text-ink-600">{i.payerName}</div>
                  </Td>
                  <Td align="right" className="tabular">{i.subscribers}</Td>
                  <Td className="tabular">{dateLabel(i.createdAt)}</Td>
                  {isAdmin ? (
                    <Td>
                      <DocumentDownload intent="download" fields={{ inquiryId: i.inquiryId }} label="Download" accessibleLabel={`Download ${i.fileName}`} variant="ghost" />
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
        <Card flush title="271 files read" description="Each response once: the same file again is already read.">
          <Table caption="271 files read">
            <THead>
              <Tr>
                <Th>File</Th>
                <Th align="right">Patients</Th>
                <Th align="right">Changed</Th>
                <Th align="right">To review</Th>
                <Th>Read</Th>
              </Tr>
            </THead>
            <TBody>
              {files.length === 0 ? (
                <TableEmpty colSpan={5}>
                  <span className="text-ink-500">No 271 uploaded yet.</span>
                </TableEmpty>
              ) : null}
              {files.map((f) => (
                <Tr key={f.fileId}>
                  <Td className="font-medium">{f.fileName}</Td>
                  <Td align="right" className="tabular">{f.subscribers}</Td>
                  <Td align="right" className="tabular">{f.changed}</Td>
                  <Td align="right" className="tabular">{f.flagged}</Td>
                  <Td className="tabular">{dateLabel(f.createdAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      </div>
    </Page>
  );
}
