import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Notice,
  PageHeader,
  PLAN_TYPE_LABELS,
  SelectField,
  TextField,
  type Tone,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { formFailure, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Programs each payer pays · Billing · Carefold Portal" }];
export const ErrorBoundary = RouteError;

const PAYS: Record<string, { label: string; tone: Tone }> = {
  yes: { label: "Pays", tone: "success" },
  no: { label: "Does not pay", tone: "danger" },
  unknown: { label: "Unknown", tone: "warning" },
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers, me } = await requireUser(request);
  try {
    const payers = await caller.programChoice.payerRules({});
    const role = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.role;
    return data({ payers, canEdit: role === "clinic_admin" }, { headers: headers() });
  } catch (error) {
    pageError(error, request, headers());
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "");
  const key = `${text("payerId")}:${text("program")}`;
  const reply = (ok: boolean, message: string, fieldErrors: Record<string, string> = {}) => data({ ok, key, message, fieldErrors }, { headers: headers() });
  try {
    if (intent === "save") {
      await caller.programChoice.setPayerRule({
        payerId: text("payerId"),
        program: text("program") as "ccm",
        pays: text("pays") as "yes",
        source: text("source"),
        note: text("note"),
      });
      return reply(true, "Saved. Program choice uses it from now on.");
    }
    if (intent === "clear") {
      await caller.programChoice.clearPayerRule({ payerId: text("payerId"), program: text("program") as "ccm" });
      return reply(true, "Back to the default for this plan type.");
    }
    return reply(false, "Unknown request.");
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return reply(false, failure.message ?? "Nothing was changed.", failure.fieldErrors);
  }
}

type Payer = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>["payers"][number];
type Rule = Payer["programs"][number];

function RuleRow({ payer, rule, canEdit }: { payer: Payer; rule: Rule; canEdit: boolean }) {
  const fetcher = useFetcher<typeof action>({ key: `rule-${payer.payerId}-${rule.program}` });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const pays = PAYS[rule.pays] ?? { label: rule.pays, tone: "neutral" as Tone };
  const label = `${rule.program.toUpperCase()} at ${payer.name}`;
  return (
    <li className="px-5 py-4" data-program={rule.program}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 max-w-3xl">
          <p className="text-compact font-semibold text-ink-900">
            {rule.program.toUpperCase()}{" "}
            <Badge tone={pays.tone}>{pays.label}{rule.verify ? ", verify plan rules" : ""}</Badge>{" "}
            <span className="text-2xs font-normal text-ink-500">{rule.origin === "clinic" ? "Clinic's rule" : "Default"}</span>
          </p>
          <p className="mt-1 text-2xs text-ink-600">Source: {rule.source}</p>
          {rule.note ? <p className="mt-0.5 text-2xs text-ink-500">{rule.note}</p> : null}
        </div>
        {canEdit && rule.origin === "clinic" ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="clear" />
            <input type="hidden" name="payerId" value={payer.payerId} />
            <input type="hidden" name="program" value={rule.program} />
            <Button type="submit" size="sm" variant="secondary" aria-label={`Use the default for ${label}`}>
              Use default
            </Button>
          </fetcher.Form>
        ) : null}
      </div>
      {canEdit ? (
        <details className="mt-2" open={result !== undefined && !result.ok}>
          <summary className="cursor-pointer text-compact font-medium text-brand-700 select-none">Change the answer</summary>
        <fetcher.Form method="post" className="mt-2 grid gap-3 md:grid-cols-[10rem_minmax(0,1fr)_minmax(0,1fr)_auto] md:items-end" aria-label={`Rule for ${label}`}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="payerId" value={payer.payerId} />
          <input type="hidden" name="program" value={rule.program} />
          <SelectField label="Pays?" name="pays" defaultValue={rule.pays}>
            <option value="yes">Yes</option>
            <option value="no">No</option>
            <option value="unknown">Unknown</option>
          </SelectField>
          <TextField label="Source" name="source" required maxLength={300} defaultValue={rule.origin === "clinic" ? rule.source : ""} placeholder="Plan policy, contract clause, state manual" error={result && !result.ok ? result.fieldErrors.source : undefined} />
          <TextField label="Note" name="note" maxLength={500} defaultValue={rule.origin === "clinic" ? rule.note : ""} />
          <Button type="submit" size="sm">Save</Button>
        </fetcher.Form>
        </details>
      ) : null}
      {result ? (
        <Notice tone={result.ok ? "success" : "danger"} className="mt-2" live>
          {result.message}
        </Notice>
      ) : null}
    </li>
  );
}

/**
 * The clinic's payer rules for program choice (issue 24 item 5): per payer and program, whether it
 * pays, with the source. Defaults come from the plan type; a clinic admin overrides them.
 */
export default function PayerPrograms() {
  const { payers, canEdit } = useLoaderData<typeof loader>()!;
  return (
    <Page>
      <PageHeader
        eyebrow={
          <Link to="/billing" className="inline-flex items-center gap-1 hover:underline">
            <ArrowLeft aria-hidden="true" className="size-3.5" /> Billing
          </Link>
        }
        title="Programs each payer pays"
        description="Traditional Medicare pays CCM, PCM, APCM and RPM under the Physician Fee Schedule; a Medicare Advantage plan must cover them (42 CFR 422.101) but may add network or prior-authorisation rules; for Medicaid and commercial plans nothing is known until you enter it. A patient's Program choice card uses these answers."
      />
      {payers.length === 0 ? (
        <EmptyState title="No payers yet">Payers come from your clinic's payer directory.</EmptyState>
      ) : (
        <div className="space-y-6">
          {payers.map((payer) => (
            <Card key={payer.payerId} flush title={payer.name} description={`${PLAN_TYPE_LABELS[payer.planType] ?? payer.planType}${payer.active ? "" : " · inactive"}`}>
              <ul className="divide-y divide-neutral-200">
                {payer.programs.map((rule) => (
                  <RuleRow key={rule.program} payer={payer} rule={rule} canEdit={canEdit} />
                ))}
              </ul>
            </Card>
          ))}
        </div>
      )}
    </Page>
  );
}
