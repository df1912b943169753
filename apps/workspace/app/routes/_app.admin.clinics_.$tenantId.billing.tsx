import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Save } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import { DATE_OF_SERVICE_RULES, PLACES_OF_SERVICE } from "@carefold/api";
import {
  Button,
  Card,
  Notice,
  RelativeTime,
  SelectField,
  TextField,
  type TextFieldProps,
} from "@carefold/ui";
import { ClinicSettingsHeader } from "../components/ClinicSettingsHeader";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { formatPhone } from "../components/patients/labels";
import { isUuid } from "../lib/patients.server";
import { formFailure, pageError, requireUser, type Caller } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Billing profile · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

/** The form's fields, named as the API names them, with their labels (for the error summary). */
const LABELS = {
  billingName: "Billing name",
  billingNpi: "Billing NPI",
  taxId: "Tax id (EIN)",
  addressLine1: "Street address",
  city: "City",
  state: "State",
  postalCode: "ZIP+4",
  placeOfService: "Place of service",
  dateOfService: "Date of service",
  submitterId: "Submitter id",
  receiverId: "Receiver id",
  payerName: "Payer name",
  payerId: "Payer id",
  contactPhone: "EDI contact phone",
  usageIndicator: "Claim files are",
} as const;
type Field = keyof typeof LABELS;
const FIELDS = Object.keys(LABELS) as Field[];
type SaveInput = Parameters<Caller["admin"]["billingProfile"]["save"]>[0];

const fieldId = (field: Field) => `billing-${field}`;

/** Stored digits shown the way people write them (the API accepts either form). */
const DISPLAY: Partial<Record<Field, (digits: string) => string>> = {
  taxId: (d) => (d.length === 9 ? `${d.slice(0, 2)}-${d.slice(2)}` : d),
  postalCode: (d) => (d.length === 9 ? `${d.slice(0, 5)}-${d.slice(5)}` : d),
  contactPhone: formatPhone,
};

/** A clinic's billing profile: who its claim files (CSV and 837P) say the billing provider is. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  if (!isUuid(params.tenantId))
    throw data({ message: "That clinic was not found." }, { status: 404, headers: headers() });
  try {
    const { clinic, profile } = await caller.admin.billingProfile.get({
      tenantId: params.tenantId,
    });
    return data(
      {
        clinic,
        profile,
        placesOfService: PLACES_OF_SERVICE,
        dateOfServiceRules: DATE_OF_SERVICE_RULES,
        now: new Date().toISOString(),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  if (!isUuid(params.tenantId))
    throw data({ message: "That clinic was not found." }, { status: 404, headers: headers() });
  const form = await request.formData();
  const values = Object.fromEntries(
    FIELDS.map((field) => [field, String(form.get(field) ?? "")]),
  ) as Record<Field, string>;
  try {
    await caller.admin.billingProfile.save({
      tenantId: params.tenantId,
      ...values,
    } as SaveInput);
    return data({ ok: true as const }, { headers: headers() });
  } catch (error) {
    const failure = formFailure(error, request, headers());
    return data(
      {
        ok: false as const,
        message: failure.message,
        fieldErrors: failure.fieldErrors as Partial<Record<Field, string>>,
        values,
      },
      { headers: headers() },
    );
  }
}

export default function ClinicBillingProfile() {
  const { clinic, profile, placesOfService, dateOfServiceRules, now } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const summary = useRef<HTMLDivElement>(null);
  const failed = result && !result.ok ? result : null;
  const errors: Partial<Record<Field, string>> = failed?.fieldErrors ?? {};
  const errorFields = FIELDS.filter((field) => errors[field]);

  useEffect(() => {
    if (failed) summary.current?.focus();
  }, [failed]);

  /** After a refused save the page shows what was typed; otherwise what is stored. */
  const stored = (field: Field) => {
    const saved = profile?.[field] ?? "";
    return saved ? (DISPLAY[field]?.(saved) ?? saved) : "";
  };
  const value = (field: Field) => failed?.values[field] ?? stored(field);
  const text = (field: Field, extra: Partial<TextFieldProps> = {}) => (
    <TextField
      id={fieldId(field)}
      label={LABELS[field]}
      name={field}
      defaultValue={value(field)}
      error={errors[field]}
      autoComplete="off"
      spellCheck={false}
      {...extra}
    />
  );
  const isKnownPlace = placesOfService.some((p) => p.code === value("placeOfService"));

  return (
    <Page>
      <ClinicSettingsHeader
        title="Billing profile"
        clinicName={clinic.name}
        description="Who the clinic's claim files (CSV and 837P) name as the billing provider, and how its claims reach the payer."
      />

      <div className="max-w-6xl space-y-4">
        {result?.ok ? (
          <Notice tone="success" title="Billing profile saved" live>
            Claim files exported from now on use these details. A changed date-of-service rule
            applies from the next month close.
          </Notice>
        ) : null}
        {!profile && !result?.ok ? (
          <Notice tone="warning" title="No billing profile yet">
            {clinic.name} cannot export claims (CSV or 837P) until this profile is filled in and
            saved.
          </Notice>
        ) : null}
        {failed ? (
          <div ref={summary} tabIndex={-1} className="scroll-mt-20 outline-none">
            <Notice
              tone="danger"
              live
              title={
                errorFields.length
                  ? `The billing profile wasn't saved: ${errorFields.length === 1 ? "1 field needs" : `${errorFields.length} fields need`} a fix`
                  : "The billing profile wasn't saved"
              }
            >
              {failed.message ? <p>{failed.message}</p> : null}
              {errorFields.length ? (
                <ul className="mt-1 list-disc space-y-0.5 pl-4" aria-label="Fields to fix">
                  {errorFields.map((field) => (
                    <li key={field}>
                      <a href={`#${fieldId(field)}`} className="underline underline-offset-2">
                        {LABELS[field]}
                      </a>
                      : {errors[field]}
                    </li>
                  ))}
                </ul>
              ) : null}
            </Notice>
          </div>
        ) : null}

        <Form
          method="post"
          noValidate
          aria-label="Billing profile"
          key={profile?.updatedAt ?? "new"}
          className="space-y-4"
        >
          <div className="grid gap-4 lg:grid-cols-2">
            <Section
              title="Billing provider"
              description="As the clinic is enrolled with Medicare."
            >
              {text("billingName", {
                className: "sm:col-span-2",
                hint: "Printed on every claim as the billing provider.",
              })}
              {text("billingNpi", {
                inputMode: "numeric",
                hint: "The NPI the clinic bills under: 10 digits.",
              })}
              {text("taxId", { inputMode: "numeric", hint: "9 digits, like 12-3456789." })}
            </Section>

            <Section title="Address" description="Where the clinic is; a PO box is not accepted.">
              {text("addressLine1", { className: "sm:col-span-2" })}
              <div className="grid grid-cols-[1fr_5.5rem_9rem] gap-3 sm:col-span-2">
                {text("city")}
                {text("state", { maxLength: 2, hint: "Like MN." })}
                {text("postalCode", { inputMode: "numeric", hint: "Like 55369-0001." })}
              </div>
            </Section>

            <Section title="Claim settings" description="What each claim line carries.">
              <SelectField
                id={fieldId("placeOfService")}
                label={LABELS.placeOfService}
                name="placeOfService"
                defaultValue={value("placeOfService") || "11"}
                error={errors.placeOfService}
                hint="Office (11) for most clinics."
                className="sm:col-span-2"
              >
                {!isKnownPlace && value("placeOfService") ? (
                  <option value={value("placeOfService")}>
                    {value("placeOfService")} · not a code for CCM, choose another
                  </option>
                ) : null}
                {placesOfService.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.code} · {p.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id={fieldId("dateOfService")}
                label={LABELS.dateOfService}
                name="dateOfService"
                defaultValue={value("dateOfService") || "last_day_of_month"}
                error={errors.dateOfService}
                hint="A change applies from the next month close; months already closed keep their dates."
                className="sm:col-span-2"
              >
                {Object.entries(dateOfServiceRules).map(([rule, label]) => (
                  <option key={rule} value={rule}>
                    {label}
                  </option>
                ))}
              </SelectField>
            </Section>

            <Section
              title="Clearinghouse"
              description="The 837P envelope: ids exactly as the clearinghouse gave them."
            >
              {text("submitterId", { className: "[&_input]:font-mono", hint: "Your sender id." })}
              {text("receiverId", {
                className: "[&_input]:font-mono",
                hint: "Who receives the files.",
              })}
              {text("payerName", { placeholder: "MEDICARE", hint: "MEDICARE when left empty." })}
              {text("payerId", {
                className: "[&_input]:font-mono",
                hint: "The Medicare contractor's id, like 06102.",
              })}
              {text("contactPhone", {
                type: "tel",
                hint: "Who the clearinghouse calls about the files.",
              })}
              <SelectField
                id={fieldId("usageIndicator")}
                label={LABELS.usageIndicator}
                name="usageIndicator"
                defaultValue={value("usageIndicator") || "P"}
                error={errors.usageIndicator}
                hint="ISA15: test files while the clearinghouse is testing the clinic, production once it accepts claims."
              >
                <option value="T">Test (T)</option>
                <option value="P">Production (P)</option>
              </SelectField>
            </Section>
          </div>

          <div className="flex items-center gap-4">
            <Button type="submit" icon={Save} disabled={navigation.state === "submitting"}>
              {navigation.state === "submitting" ? "Saving…" : "Save billing profile"}
            </Button>
            {profile ? (
              <span className="text-compact text-ink-500">
                Last saved <RelativeTime date={profile.updatedAt} now={now} />
              </span>
            ) : null}
          </div>
        </Form>
      </div>
    </Page>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card title={title} description={description}>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">{title}</legend>
        {children}
      </fieldset>
    </Card>
  );
}
