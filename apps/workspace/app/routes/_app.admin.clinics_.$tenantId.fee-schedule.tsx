import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Save } from "lucide-react";
import { Button, Card, Checkbox, Notice, RelativeTime, SelectField, TextField } from "@carefold/ui";
import { ClinicSettingsHeader } from "../components/ClinicSettingsHeader";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { isUuid } from "../lib/patients.server";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Fee schedule · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/**
 * A clinic's fee schedule and QP status (issue 15): the rates the close prices lines at when the
 * national table has none for the year (e.g. 2026 99491) or the clinic's locality differs.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  if (!isUuid(params.tenantId)) throw data({ message: "That clinic was not found." }, { status: 404, headers: headers() });
  try {
    const [{ clinic }, { hasProfile, conversionFactor, rates }, initiatingVisit] = await Promise.all([
      caller.admin.billingProfile.get({ tenantId: params.tenantId }),
      caller.admin.feeSchedule.list({ tenantId: params.tenantId }),
      caller.admin.initiatingVisit.get({ tenantId: params.tenantId }),
    ]);
    return data({ clinic, hasProfile, conversionFactor, rates, initiatingVisit, now: new Date().toISOString(), year: new Date().getUTCFullYear() }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  if (!isUuid(params.tenantId)) throw data({ message: "That clinic was not found." }, { status: 404, headers: headers() });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "initiating-visit") {
      await caller.admin.initiatingVisit.save({
        tenantId: params.tenantId,
        needsCcmDiscussed: form.get("needsCcmDiscussed") === "on",
        countsTcm: form.get("countsTcm") === "on",
      });
      return data({ ok: true as const, saved: "Initiating-visit rule saved. Re-run the close of affected months to use it." }, { headers: headers() });
    }
    if (intent === "qp") {
      await caller.admin.feeSchedule.setConversionFactor({ tenantId: params.tenantId, conversionFactor: String(form.get("conversionFactor")) === "qp" ? "qp" : "non_qp" });
      return data({ ok: true as const, saved: "QP status saved." }, { headers: headers() });
    }
    const saved = await caller.admin.feeSchedule.save({
      tenantId: params.tenantId,
      code: String(form.get("code") ?? ""),
      year: Number(form.get("year") ?? 0),
      amount: String(form.get("amount") ?? ""),
      source: String(form.get("source") ?? ""),
    });
    return data({ ok: true as const, saved: `${saved.code} for ${saved.year} is now ${dollars(saved.cents)} a unit. Re-run the close of affected months to use it.` }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data({ ok: false as const, message: failure.message, fieldErrors: failure.fieldErrors }, { headers: headers() });
  }
}

export default function ClinicFeeSchedule() {
  const { clinic, hasProfile, conversionFactor, rates, initiatingVisit, now, year } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = result && !result.ok ? result.fieldErrors : {};
  return (
    <Page>
      <div className="space-y-6">
        <ClinicSettingsHeader
          title="Fee schedule"
          clinicName={clinic.name}
          description="Per-unit amounts the close bills at, by code and year, when the national table has none or the clinic's locality differs; and whether the clinic is paid at the QP conversion factor."
        />
        {result?.ok ? <Notice tone="success" live>{result.saved}</Notice> : null}
        {result && !result.ok && result.message ? <Notice tone="danger" live>{result.message}</Notice> : null}

        <Card title="Rates on file" description="These win over the national amounts. A code without an amount for its year is never billed at $0.00: the close bills a priced code or holds the month with a finding naming the missing rate.">
          {rates.length === 0 ? (
            <p className="text-compact text-ink-600">No clinic rates yet: the close uses the national non-facility amounts.</p>
          ) : (
            <table className="w-full text-compact" data-testid="fee-schedule">
              <thead>
                <tr className="text-left text-2xs tracking-wide text-ink-500 uppercase">
                  <th className="py-1.5 font-medium">Code</th>
                  <th className="py-1.5 font-medium">Year</th>
                  <th className="py-1.5 text-right font-medium">Per unit</th>
                  <th className="py-1.5 pl-4 font-medium">Source</th>
                  <th className="py-1.5 font-medium">Entered</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-neutral-100">
                {rates.map((r) => (
                  <tr key={`${r.code}-${r.year}`}>
                    <td className="py-1.5 font-mono">{r.code}</td>
                    <td className="py-1.5">{r.year}</td>
                    <td className="tabular py-1.5 text-right">{dollars(r.cents)}</td>
                    <td className="py-1.5 pl-4 text-ink-700">{r.source}</td>
                    <td className="py-1.5 text-ink-500"><RelativeTime date={r.updatedAt} now={now} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Enter a rate" description="Replaces the clinic's rate for that code and year, if it has one. Every change is in the audit log.">
            <Form method="post" className="space-y-4">
              <input type="hidden" name="intent" value="rate" />
              <div className="grid gap-4 sm:grid-cols-3">
                <TextField label="Code" name="code" placeholder="99491" required maxLength={5} error={errors.code} className="[&_input]:font-mono" />
                <TextField label="Year" name="year" type="number" defaultValue={String(year)} required error={errors.year} />
                <TextField label="Per unit (USD)" name="amount" inputMode="decimal" placeholder="84.50" required error={errors.amount} />
              </div>
              <TextField label="Source" name="source" placeholder="MAC J6 2026 locality schedule" required error={errors.source} />
              <Button type="submit" icon={Save} disabled={navigation.state === "submitting"}>Save rate</Button>
            </Form>
          </Card>

          <Card title="QP status" description="Qualifying APM participants are paid at the QP conversion factor from 2026.">
            {hasProfile ? (
              <Form method="post" className="space-y-4">
                <input type="hidden" name="intent" value="qp" />
                <SelectField label="Conversion factor" name="conversionFactor" defaultValue={conversionFactor}>
                  <option value="non_qp">Non-QP (most clinics)</option>
                  <option value="qp">Qualifying APM participant (QP)</option>
                </SelectField>
                <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>Save QP status</Button>
              </Form>
            ) : (
              <p className="text-compact text-ink-600">Save the clinic's billing profile first.</p>
            )}
          </Card>

          <Card
            title="Initiating visit"
            description="Owed only when the billing practitioner had not seen the patient in the year before CCM started; it must be theirs. Where Medicare contractors' readings differ, the clinic chooses."
          >
            <Form method="post" className="space-y-3" aria-label="Initiating visit rule">
              <input type="hidden" name="intent" value="initiating-visit" />
              <Checkbox name="needsCcmDiscussed" label="The visit counts only if CCM was discussed during it" defaultChecked={initiatingVisit.needsCcmDiscussed} />
              <Checkbox name="countsTcm" label="A TCM face-to-face visit can be the initiating visit" defaultChecked={initiatingVisit.countsTcm} />
              <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>Save initiating-visit rule</Button>
            </Form>
          </Card>
        </div>
      </div>
    </Page>
  );
}
