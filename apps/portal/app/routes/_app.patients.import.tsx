import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowLeft, Download, FileCheck2, FileSpreadsheet, FileUp, Users } from "lucide-react";
import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  EmptyState,
  FileField,
  Notice,
  PageHeader,
  RelativeTime,
  Spinner,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  buttonClasses,
  buttonIconClass,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { plural } from "../components/patients/labels";
import { fileAsBase64, isUuid } from "../lib/patients.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";
import { readUploadForm } from "../lib/upload.server";

export const meta: MetaFunction = () => [{ title: "Import panel · Carefold Portal" }];
export const ErrorBoundary = RouteError;

/** The API's limit too (panel-file.ts); checked here so a big upload is never buffered whole. */
const MAX_BYTES = 10 * 1024 * 1024;
const TOO_LARGE =
  "The file is larger than 10 MB. Split the panel into smaller files and import them one after another.";
/** How many updates the preview lists with a tick box each; "Apply all" covers the rest. */
const SHOWN_UPDATES = 500;
/** CSV in the template's columns, a FHIR R4 Bundle (.json) or a FHIR bulk export (.ndjson). */
const PANEL_FILE = /\.(csv|json|ndjson)$/i;
const isFhir = (fileName: string) => /\.(nd)?json$/i.test(fileName);

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const id = new URL(request.url).searchParams.get("id");
  try {
    const [template, imports, current] = await Promise.all([
      caller.panelImport.template(),
      caller.panelImport.list(),
      isUuid(id) ? caller.panelImport.get({ importId: id }) : Promise.resolve(null),
    ]);
    return data(
      {
        columns: template.columns,
        templateName: template.filename,
        imports: imports.slice(0, 10),
        current,
        missing: Boolean(id) && !current,
        now: new Date().toISOString(),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

type ActionResult = { ok: false; intent: string; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const reply = (result: ActionResult) => data(result, { headers: headers() });
  const form = await readUploadForm(request, MAX_BYTES);
  if (!form) return reply({ ok: false, intent: "preview", message: TOO_LARGE });
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "preview") {
      const file = await fileAsBase64(form.get("file"));
      if (!file)
        return reply({ ok: false, intent, message: "Choose the panel file to check first." });
      if (!PANEL_FILE.test(file.name)) {
        return reply({
          ok: false,
          intent,
          message: `${file.name} is not a .csv, .json or .ndjson file. In your spreadsheet choose File → Save as → CSV (comma delimited); from your EHR, export a FHIR R4 Bundle (.json) or a bulk export (.ndjson). Then choose that file here.`,
        });
      }
      if (file.size > MAX_BYTES) return reply({ ok: false, intent, message: TOO_LARGE });
      const result = await caller.panelImport.preview({ fileName: file.name, base64: file.base64 });
      return redirect(`/patients/import?id=${result.importId}`, { headers: headers() });
    }
    if (intent === "commit") {
      const importId = String(form.get("importId") ?? "");
      const confirmedRows = form
        .getAll("confirm")
        .map(Number)
        .filter((row) => Number.isInteger(row) && row > 0);
      await caller.panelImport.commit({
        importId,
        confirmAll: form.get("confirmAll") === "on",
        confirmedRows,
      });
      return redirect(`/patients/import?id=${importId}`, { headers: headers() });
    }
    return reply({ ok: false, intent, message: "Unknown request." });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply({
      ok: false,
      intent,
      message: failure.message ?? Object.values(failure.fieldErrors).join(" "),
    });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Current = NonNullable<LoaderData["current"]>;

function columnLabel(column: string, row: number) {
  if (column === "row") return row === 1 ? "Header" : "Whole row";
  return column;
}

export default function ImportPanel() {
  const { columns, templateName, imports, current, missing, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submittingIntent =
    navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;

  return (
    <Page>
      <Link
        to="/patients"
        className="mb-3 inline-flex items-center gap-1.5 text-compact font-medium text-ink-600 hover:text-ink-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        Patients
      </Link>
      <PageHeader
        title="Import your panel"
        description="Upload the patient list exported from your EHR: a CSV in the template's columns, or a FHIR R4 Bundle (Patient, Condition and Coverage resources; .json or bulk-export .ndjson). Carefold checks every row first and imports nothing until the whole file is clean; patients already on file are never duplicated, and change only where you confirm it."
        actions={
          <a
            href="/patients/import/template.csv"
            download={templateName}
            className={buttonClasses({ variant: "secondary" })}
          >
            <Download aria-hidden="true" className={buttonIconClass()} />
            Download template
          </a>
        }
      />

      {missing ? (
        <Notice tone="warning" className="mb-5" title="We can't find that import">
          It may belong to another clinic. Upload the file again below.
        </Notice>
      ) : null}

      {current ? (
        <ImportResult
          current={current}
          committing={submittingIntent === "commit"}
          error={actionData?.intent === "commit" ? actionData.message : null}
        />
      ) : null}

      {!current || current.status === "rejected" ? (
        <Card
          className="mt-6 first:mt-0"
          title={current ? "Upload the corrected file" : "Check a file"}
          description={
            current
              ? "Fix the rows listed above in your spreadsheet (or, for a FHIR export, in your EHR), save or export the file again, and upload it. Nothing is imported until every row passes."
              : "Step 1 of 2: we check the file and show any problems by row and column. Nothing is imported yet."
          }
        >
          <Form
            method="post"
            encType="multipart/form-data"
            className="space-y-4"
            key={current?.id ?? "new"}
          >
            <input type="hidden" name="intent" value="preview" />
            <FileField
              label="Panel file (CSV) or FHIR R4 Bundle"
              name="file"
              accept=".csv,text/csv,.json,application/json,application/fhir+json,.ndjson"
              required
              hint="CSV (UTF-8): columns as in the template, dates as YYYY-MM-DD or MM/DD/YYYY. FHIR R4: a Bundle (.json) or NDJSON (.ndjson) of Patient, Condition and Coverage resources; conditions need an ICD-10-CM code. Up to 10 MB."
              error={actionData?.intent === "preview" ? actionData.message : undefined}
            />
            <Button
              type="submit"
              icon={submittingIntent === "preview" ? undefined : FileCheck2}
              disabled={submittingIntent === "preview"}
            >
              {submittingIntent === "preview" ? (
                <>
                  <Spinner />
                  Checking the file…
                </>
              ) : (
                "Check file"
              )}
            </Button>
          </Form>
          <details className="group mt-5 rounded-lg border border-neutral-200">
            <summary className="cursor-pointer px-4 py-2.5 text-compact font-medium text-ink-800 select-none">
              Columns in the template ({columns.length})
            </summary>
            <Table caption="Columns of the panel template" dense>
              <THead>
                <Tr>
                  <Th>Column</Th>
                  <Th>Required</Th>
                  <Th>What to put in it</Th>
                  <Th>Example</Th>
                </Tr>
              </THead>
              <TBody>
                {columns.map((column) => (
                  <Tr key={column.name}>
                    <Td className="font-mono text-xs">{column.name}</Td>
                    <Td>
                      {column.required ? (
                        "Required"
                      ) : (
                        <span className="text-ink-500">Optional</span>
                      )}
                    </Td>
                    <Td>{column.description}</Td>
                    <Td className="font-mono text-xs text-ink-600">{column.example}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </details>
        </Card>
      ) : null}

      <Card
        className="mt-6"
        flush
        title="Recent imports"
        description="Every file uploaded for this clinic, newest first. Open one to see its result."
      >
        <Table caption="Recent panel imports">
          <THead>
            <Tr>
              <Th>File</Th>
              <Th>Uploaded</Th>
              <Th align="right">Rows</Th>
              <Th>Result</Th>
            </Tr>
          </THead>
          <TBody>
            {imports.length === 0 ? (
              <TableEmpty colSpan={4}>
                <EmptyState
                  icon={FileSpreadsheet}
                  size="sm"
                  title="No files yet — check your first panel above"
                >
                  Download the template if your EHR export needs its columns renamed.
                </EmptyState>
              </TableEmpty>
            ) : null}
            {imports.map((item) => (
              <Tr key={item.id} className={item.id === current?.id ? "bg-brand-50/40" : undefined}>
                <Td>
                  <Link
                    to={`/patients/import?id=${item.id}`}
                    className="font-medium text-ink-900 underline-offset-2 hover:text-brand-700 hover:underline"
                  >
                    {item.fileName}
                  </Link>
                </Td>
                <Td>
                  <RelativeTime date={item.createdAt} now={now} />
                </Td>
                <Td align="right">{item.rowCount.toLocaleString("en-US")}</Td>
                <Td>
                  {item.status === "committed" ? (
                    <Badge tone="success">
                      Imported: {item.createdRows ?? 0} new, {item.updatedRows ?? 0} updated
                    </Badge>
                  ) : item.status === "rejected" ? (
                    <Badge tone="danger">{plural(item.errorCount, "problem")} — not imported</Badge>
                  ) : (
                    <Badge tone="warning">Checked — waiting to be imported</Badge>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </Page>
  );
}

function ImportResult({
  current,
  committing,
  error,
}: {
  current: Current;
  committing: boolean;
  error: string | null;
}) {
  if (current.status === "committed") {
    return (
      <Card>
        <EmptyState
          icon={Users}
          title={`${current.fileName} is imported`}
          action={
            <>
              <Link to="/patients" className={buttonClasses()}>
                View patients
              </Link>
              <Link to="/patients/import" className={buttonClasses({ variant: "secondary" })}>
                Import another file
              </Link>
            </>
          }
        >
          <p role="status">
            <strong className="font-semibold text-ink-900">
              {plural(current.createdRows ?? 0, "new patient")}
            </strong>{" "}
            added and{" "}
            <strong className="font-semibold text-ink-900">
              {plural(current.updatedRows ?? 0, "existing patient")}
            </strong>{" "}
            updated. Eligibility was worked out from each problem list.
          </p>
        </EmptyState>
      </Card>
    );
  }

  if (current.status === "previewed") {
    return (
      <Card
        title={`${current.fileName} is ready to import`}
        description="Step 2 of 2: import the checked rows."
      >
        <Notice
          tone="success"
          title={`All ${plural(current.rowCount, isFhir(current.fileName) ? "patient" : "row")} passed the checks`}
        >
          New patients are added. Rows that match a patient already on file (same MBI, or same name
          and date of birth) change that patient only where you confirm it below; everything else
          about them stays as it is.
          {current.errors.length
            ? ` ${plural(current.errors.length, "warning")} below: what they name is left out of the import, the rest goes ahead.`
            : null}
        </Notice>
        {error ? (
          <Notice tone="danger" live className="mt-4" title="Nothing was imported">
            {error}
          </Notice>
        ) : null}
        <Form method="post" className="mt-5">
          <input type="hidden" name="importId" value={current.id} />
          {current.updates.length ? <UpdateReview updates={current.updates} /> : null}
          <div className="mt-5 flex flex-wrap items-center gap-3">
            <Button
              type="submit"
              name="intent"
              value="commit"
              icon={committing ? undefined : FileUp}
              disabled={committing}
            >
              {committing ? (
                <>
                  <Spinner />
                  Importing {plural(current.rowCount, "patient")}…
                </>
              ) : (
                `Import ${plural(current.rowCount, "patient")}`
              )}
            </Button>
            <Link to="/patients/import" className={buttonClasses({ variant: "ghost" })}>
              Choose a different file
            </Link>
          </div>
        </Form>
        {committing ? <CommitProgress rows={current.rowCount} /> : null}
        {current.errors.length ? (
          <div className="-mx-5 -mb-5 mt-5">
            <ProblemTable errors={current.errors} fhir={isFhir(current.fileName)} />
          </div>
        ) : null}
      </Card>
    );
  }

  const fhir = isFhir(current.fileName);
  const blocking = current.errors.filter((e) => e.level !== "warning");
  const rowsWithProblems = new Set(blocking.map((e) => e.entry ?? e.row)).size;
  return (
    <Card
      flush
      title={`${current.fileName}: ${plural(current.errorCount, "problem")} in ${fhir ? plural(rowsWithProblems, "entry", "entries") : plural(rowsWithProblems, "row")}`}
      description={`${plural(current.rowCount, fhir ? "patient" : "row")} checked. Nothing was imported.`}
    >
      <div className="px-5 pt-4">
        <Notice
          tone="danger"
          title={
            fhir
              ? "Fix these in your EHR, then export and upload the file again"
              : "Fix these rows, then upload the file again"
          }
        >
          {fhir
            ? "Each line names the Bundle entry (counted from 0, or the line of an NDJSON file), the FHIR element and the value we found. Warnings do not stop an import."
            : "Each line names the spreadsheet row (the header is row 1), the column and the value we found."}
          {current.errorCount > current.errors.length
            ? ` Showing the first ${current.errors.length.toLocaleString("en-US")} problems.`
            : null}
        </Notice>
      </div>
      <ProblemTable errors={current.errors} fhir={fhir} />
    </Card>
  );
}

type Finding = Current["errors"][number];
type Update = Current["updates"][number];

/** The template's column names as the clinic reads them. */
const FIELD_LABELS: Record<string, string> = {
  first_name: "First name",
  last_name: "Last name",
  date_of_birth: "Date of birth",
  sex: "Sex",
  mbi: "MBI",
  mrn: "MRN",
  phone: "Phone",
  address_line1: "Street address",
  city: "City",
  state: "State",
  postal_code: "ZIP code",
  time_zone: "Time zone",
  preferred_language: "Language",
  billing_practitioner_npi: "Billing practitioner (NPI)",
  icd10_codes: "Problems (ICD-10-CM)",
};

/**
 * Rows that would change a patient on file, field by field (on file → in the file). Nothing is
 * ticked to begin with: an update is applied only when the admin ticks it (or "Apply all").
 */
function UpdateReview({ updates }: { updates: Update[] }) {
  const shown = updates.slice(0, SHOWN_UPDATES);
  return (
    <section aria-labelledby="updates-title" className="rounded-lg border border-warning-200">
      <div className="border-b border-warning-200 bg-warning-50 px-4 py-3">
        <h3 id="updates-title" className="text-sm font-semibold text-ink-900">
          {plural(updates.length, "patient")} on file would change
        </h3>
        <p className="mt-1 text-compact text-ink-700">
          Tick each update to apply. Rows you leave unticked do not change the patient on file; new
          patients in the file are added either way.
          {updates.length > shown.length
            ? ` Showing the first ${shown.length.toLocaleString("en-US")}.`
            : null}
        </p>
        <Checkbox
          className="mt-3"
          name="confirmAll"
          label={
            updates.length === 1
              ? "Apply this update"
              : `Apply all ${updates.length.toLocaleString("en-US")} updates`
          }
          description="Every change listed, including any not shown here."
        />
      </div>
      <Table caption="Patients on file that this file would change, field by field" dense>
        <THead>
          <Tr>
            <Th className="w-24">Apply</Th>
            <Th>Patient on file</Th>
            <Th>Changes (on file → in the file)</Th>
          </Tr>
        </THead>
        <TBody>
          {shown.map((u) => (
            <Tr key={u.row} data-testid="import-update" data-row={u.row}>
              <Td>
                <Checkbox
                  name="confirm"
                  value={u.row}
                  label={`Row ${u.row}`}
                  aria-label={`Apply the update in ${u.label}`}
                />
              </Td>
              <Td>
                <span className="font-medium text-ink-900">{u.patient}</span>
                <span className="block text-xs text-ink-500">
                  {u.label}, matched by {u.matchedBy === "mbi" ? "MBI" : "name and date of birth"}
                </span>
              </Td>
              <Td>
                <dl className="space-y-1 text-compact">
                  {u.changes.map((c) => (
                    <div
                      key={c.field}
                      className="flex flex-wrap items-baseline gap-x-2"
                      data-field={c.field}
                    >
                      <dt className="w-44 shrink-0 text-ink-600">
                        {FIELD_LABELS[c.field] ?? c.field}
                      </dt>
                      <dd className="min-w-0">
                        <del className="rounded bg-danger-50 px-1 text-danger-800">
                          {c.from || "(empty)"}
                        </del>
                        <span aria-hidden="true" className="px-1.5 text-ink-500">
                          →
                        </span>
                        <span className="sr-only"> becomes </span>
                        <ins className="rounded bg-success-50 px-1 text-success-800 no-underline">
                          {c.to || "(empty)"}
                        </ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </section>
  );
}

/** Findings by row (CSV) or entry (FHIR); warnings marked, they never block an import. */
function ProblemTable({ errors, fhir }: { errors: Finding[]; fhir: boolean }) {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return (
    <div className="mt-4 border-t border-neutral-200">
      <Table caption="Problems found in the file, by row and column">
        <THead>
          <Tr>
            <Th align={fhir ? "left" : "right"} className={fhir ? "w-56" : "w-16"}>
              {fhir ? "Entry" : "Row"}
            </Th>
            <Th>{fhir ? "FHIR element" : "Column"}</Th>
            <Th>Value in the file</Th>
            <Th>What to fix</Th>
          </Tr>
        </THead>
        <TBody>
          {sorted.map((e, index) => (
            <Tr key={index} data-row={e.row} data-level={e.level ?? "error"}>
              <Td align={fhir ? "left" : "right"} className="font-semibold">
                {e.entry ?? e.row}
              </Td>
              <Td className="font-mono text-xs">{e.path ?? columnLabel(e.column, e.row)}</Td>
              <Td>
                {e.value ? (
                  <code
                    className={
                      e.level === "warning"
                        ? "rounded bg-warning-50 px-1.5 py-0.5 font-mono text-xs text-warning-700"
                        : "rounded bg-danger-50 px-1.5 py-0.5 font-mono text-xs text-danger-800"
                    }
                  >
                    {e.value}
                  </code>
                ) : (
                  <span className="text-compact text-ink-500">(empty)</span>
                )}
              </Td>
              <Td className="text-compact">
                {e.level === "warning" ? (
                  <Badge tone="warning" className="mr-1.5">
                    Warning
                  </Badge>
                ) : null}
                {e.message}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

/** The commit is one request: show that it is working, for how long, and that leaving is safe. */
function CommitProgress({ rows }: { rows: number }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="mt-4 rounded-lg border border-brand-200 bg-brand-50 px-4 py-3" role="status">
      <div className="flex items-center gap-2 text-compact font-medium text-brand-900">
        <Spinner className="text-brand-600" />
        Writing {plural(rows, "patient")} and working out their eligibility…
        <span className="tabular ml-auto text-brand-700">{seconds} s</span>
      </div>
      <div aria-hidden="true" className="mt-2.5 h-1.5 overflow-hidden rounded-full bg-brand-100">
        <div className="h-full w-1/3 animate-pulse rounded-full bg-brand-500" />
      </div>
      <p className="mt-2 text-xs text-brand-800">
        Large panels take a few minutes. All rows are written together or none are; if you leave
        this page the import carries on, and its result appears under Recent imports.
      </p>
    </div>
  );
}
