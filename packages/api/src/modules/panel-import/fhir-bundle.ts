import { validateMbi } from "@carefold/ccm-rules";
import { z } from "zod";
import { invalidInput } from "../../errors.js";
import type { PanelColumn } from "./columns.js";
import type { RowError } from "./parse-row.js";

/**
 * FHIR R4 panel files (a Bundle, or NDJSON of resources as a bulk export writes them) turned into
 * the same records a CSV row gives — keyed by the template's column names — so `parsePanelRow` stays
 * the one place where MBI, dates, phones, states and ICD-10-CM codes are judged. This module only
 * checks FHIR structure (zod, for the subset of Patient, Condition, Coverage, Organization and
 * Practitioner we read) and decides which resources belong to which patient.
 */

export const MBI_SYSTEM = "http://hl7.org/fhir/sid/us-mbi";
export const NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";
const ICD10CM_SYSTEMS = new Set(["http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90"]);
const PAYER_TYPOLOGY_SYSTEMS = new Set(["https://nahdo.org/sopt", "urn:oid:2.16.840.1.113883.3.221.5"]);
const ACTIVE_CLINICAL = new Set(["active", "recurrence", "relapse"]);
const SKIPPED_VERIFICATION = new Set(["entered-in-error", "refuted"]);
const BUNDLE_TYPES = ["collection", "searchset", "transaction", "batch"] as const;

const str = z.string();
const Coding = z.object({ system: str.optional(), code: str.optional(), display: str.optional() });
const CodeableConcept = z.object({ coding: z.array(Coding).optional(), text: str.optional() });
const Identifier = z.object({ use: str.optional(), type: CodeableConcept.optional(), system: str.optional(), value: str.optional() });
const Reference = z.object({ reference: str.optional(), display: str.optional(), identifier: Identifier.optional() });
const HumanName = z.object({ use: str.optional(), text: str.optional(), family: str.optional(), given: z.array(str).optional() });
const ContactPoint = z.object({ system: str.optional(), value: str.optional(), use: str.optional(), rank: z.number().int().positive().optional() });
const Address = z.object({ use: str.optional(), line: z.array(str).optional(), city: str.optional(), state: str.optional(), postalCode: str.optional() });
/** FHIR's `date` primitive (a partial date is valid FHIR; whether it is a usable birth date is parse-row's call). */
const FhirDate = str.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "is not a date (FHIR dates look like 1948-03-17)");
const AnyResource = z.object({ resourceType: str, id: str.optional() }).passthrough();

const PatientSchema = z.object({
  resourceType: z.literal("Patient"),
  id: str.optional(),
  identifier: z.array(Identifier).optional(),
  name: z.array(HumanName).optional(),
  telecom: z.array(ContactPoint).optional(),
  gender: str.optional(),
  birthDate: FhirDate.optional(),
  address: z.array(Address).optional(),
  communication: z.array(z.object({ language: CodeableConcept, preferred: z.boolean().optional() })).optional(),
  generalPractitioner: z.array(Reference).optional(),
  contained: z.array(AnyResource).optional(),
});
const ConditionSchema = z.object({
  resourceType: z.literal("Condition"),
  id: str.optional(),
  clinicalStatus: CodeableConcept.optional(),
  verificationStatus: CodeableConcept.optional(),
  code: CodeableConcept.optional(),
  subject: Reference.optional(),
});
const CoverageSchema = z.object({
  resourceType: z.literal("Coverage"),
  id: str.optional(),
  status: str.optional(),
  type: CodeableConcept.optional(),
  identifier: z.array(Identifier).optional(),
  subscriberId: str.optional(),
  beneficiary: Reference.optional(),
  payor: z.array(Reference).optional(),
  class: z.array(z.object({ type: CodeableConcept.optional(), value: str.optional(), name: str.optional() })).optional(),
  order: z.number().int().positive().optional(),
  period: z.object({ start: str.optional(), end: str.optional() }).optional(),
  contained: z.array(AnyResource).optional(),
});
const OrganizationSchema = z.object({ resourceType: z.literal("Organization"), id: str.optional(), name: str.optional(), identifier: z.array(Identifier).optional() });
const PractitionerSchema = z.object({ resourceType: z.literal("Practitioner"), id: str.optional(), identifier: z.array(Identifier).optional() });
const SCHEMAS = { Patient: PatientSchema, Condition: ConditionSchema, Coverage: CoverageSchema, Organization: OrganizationSchema, Practitioner: PractitionerSchema } as const;
type Known = keyof typeof SCHEMAS;
type Patient = z.infer<typeof PatientSchema>;
type Condition = z.infer<typeof ConditionSchema>;
type Coverage = z.infer<typeof CoverageSchema>;
type Organization = z.infer<typeof OrganizationSchema>;
type Practitioner = z.infer<typeof PractitionerSchema>;
type Parsed = { [K in Known]: { type: K; resource: z.infer<(typeof SCHEMAS)[K]> } }[Known];

const BundleSchema = z.object({
  resourceType: z.literal("Bundle"),
  type: z.enum(BUNDLE_TYPES, { errorMap: () => ({ message: `is not a Bundle type we import (use ${BUNDLE_TYPES.join(", ")})` }) }),
  entry: z.array(z.object({ fullUrl: str.optional(), resource: z.unknown().optional() }).passthrough(), { invalid_type_error: "must be a list" }).optional(),
});

/** Where in the FHIR resource each template column comes from (shown beside parse-row's errors). */
export const FHIR_PATH: Record<PanelColumn, string> = {
  first_name: "Patient.name.given",
  last_name: "Patient.name.family",
  date_of_birth: "Patient.birthDate",
  sex: "Patient.gender",
  mbi: "Patient.identifier (us-mbi) / Coverage.subscriberId",
  mrn: "Patient.identifier (MR)",
  phone: "Patient.telecom",
  phone_type: "Patient.telecom.use",
  address_line1: "Patient.address.line",
  city: "Patient.address.city",
  state: "Patient.address.state",
  postal_code: "Patient.address.postalCode",
  time_zone: "Patient",
  preferred_language: "Patient.communication",
  billing_practitioner_npi: "Patient.generalPractitioner",
  icd10_codes: "Condition.code",
  primary_payer: "Coverage.payor (order 1)",
  primary_plan_type: "Coverage.type (order 1)",
  primary_member_id: "Coverage.subscriberId (order 1)",
  primary_group_number: "Coverage.class (group, order 1)",
  primary_effective_from: "Coverage.period.start (order 1)",
  primary_effective_to: "Coverage.period.end (order 1)",
  secondary_payer: "Coverage.payor (order 2)",
  secondary_plan_type: "Coverage.type (order 2)",
  secondary_member_id: "Coverage.subscriberId (order 2)",
  secondary_group_number: "Coverage.class (group, order 2)",
  secondary_effective_from: "Coverage.period.start (order 2)",
  secondary_effective_to: "Coverage.period.end (order 2)",
};

export type FhirFormat = "bundle" | "ndjson";

/** One patient of the file: its template record plus the FHIR-level findings for it. */
export interface FhirPanelRow {
  row: number;
  label: string;
  record: Partial<Record<PanelColumn, string>>;
  errors: RowError[];
}

export interface FhirSummary {
  patients: number;
  conditionsImported: number;
  conditionsSkipped: number;
  coverages: number;
  ignored: Record<string, number>;
}

export interface FhirPanel {
  rows: FhirPanelRow[];
  /** Findings not tied to one patient (malformed entries, references to patients not in the file). */
  errors: RowError[];
  summary: FhirSummary;
}

interface Entry {
  /** 0-based index in Bundle.entry (or 1-based NDJSON line) */
  index: number;
  fullUrl?: string;
  raw: unknown;
}

const formatPath = (path: (string | number)[]) =>
  path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");

/** A short, specific sentence for a JSON.parse failure. */
function notJson(error: unknown, format: FhirFormat, line?: number): never {
  const where = line ? ` (line ${line})` : "";
  throw invalidInput(
    `The file is not valid JSON${where}: ${(error as Error).message}. Upload a FHIR R4 Bundle (.json) or an NDJSON bulk export (.ndjson)${format === "bundle" ? "" : ", one resource per line"}.`,
  );
}

function readEntries(body: Buffer, format: FhirFormat): { entries: Entry[]; unit: "entry" | "line" } {
  const text = body.toString("utf8").replace(/^\uFEFF/, "");
  if (format === "ndjson") {
    const entries: Entry[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        notJson(error, format, i + 1);
      }
      entries.push({ index: i + 1, raw });
    });
    if (entries.length === 0) throw invalidInput("The file has no FHIR resources.");
    // A Bundle saved with an .ndjson name: read it as one.
    if (entries.length === 1 && (entries[0]!.raw as { resourceType?: unknown })?.resourceType === "Bundle") return readEntries(body, "bundle");
    return { entries, unit: "line" };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    notJson(error, format);
  }
  const type = (json as { resourceType?: unknown } | null)?.resourceType;
  if (typeof json !== "object" || json === null || Array.isArray(json) || typeof type !== "string") {
    throw invalidInput("The file is JSON but not a FHIR resource (no resourceType). Upload a FHIR R4 Bundle of Patient, Condition and Coverage resources.");
  }
  if (type !== "Bundle") throw invalidInput(`The file is a FHIR ${type}, not a Bundle. Upload a FHIR R4 Bundle of Patient, Condition and Coverage resources.`);
  const bundle = BundleSchema.safeParse(json);
  if (!bundle.success) {
    const issue = bundle.error.issues[0]!;
    throw invalidInput(`The Bundle is not valid: Bundle.${formatPath(issue.path)} ${issue.message}.`);
  }
  return { entries: (bundle.data.entry ?? []).map((e, index) => ({ index, fullUrl: e.fullUrl, raw: e.resource })), unit: "entry" };
}

const codes = (c: { coding?: { system?: string; code?: string; display?: string }[] } | undefined) => c?.coding ?? [];
const hasCode = (c: Parameters<typeof codes>[0], set: Set<string>) => codes(c).some((x) => x.code !== undefined && set.has(x.code));
const normalMbi = (value: string) => {
  const result = validateMbi(value);
  return result.isValid ? result.normalized : value.replace(/[\s-]/g, "").toUpperCase();
};

/**
 * Reads a FHIR R4 Bundle / NDJSON file into panel records. Throws one clear message when the file
 * is not JSON or not a Bundle; everything else is reported per entry or per patient.
 */
export function readFhirPanel(body: Buffer, format: FhirFormat): FhirPanel {
  const { entries, unit } = readEntries(body, format);
  const errors: RowError[] = [];
  const ignored: Record<string, number> = {};
  const parsed: (Entry & Parsed & { label: string; container?: number })[] = [];

  const byRef = new Map<string, (typeof parsed)[number]>();
  const add = (entry: Entry, container?: { index: number; label: string }) => {
    const base = container ? `${container.label}, contained` : `${unit} ${entry.index}`;
    const raw = entry.raw as { resourceType?: unknown; id?: unknown } | undefined;
    if (typeof raw !== "object" || raw === null || typeof raw.resourceType !== "string") {
      errors.push({ row: entry.index, column: "row", entry: base, path: "resource", value: "", message: `${base}: has no FHIR resource (resourceType is missing).` });
      return;
    }
    const label = `${base} (${raw.resourceType}${typeof raw.id === "string" ? `/${raw.id}` : ""})`;
    const schema = SCHEMAS[raw.resourceType as Known] as z.ZodTypeAny | undefined;
    if (!schema) {
      ignored[raw.resourceType] = (ignored[raw.resourceType] ?? 0) + 1;
      return;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 5)) {
        const path = formatPath(issue.path);
        const value = issue.path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], raw);
        const message = issue.code === "invalid_type" ? `must be ${issue.expected === "array" ? "a list" : `a ${issue.expected}`}` : issue.message;
        errors.push({ row: entry.index, column: "row", entry: label, path: `${raw.resourceType}.${path}`, value: typeof value === "string" ? value : JSON.stringify(value) ?? "", message: `${label}: ${path} ${message}.` });
      }
      return;
    }
    const item = { ...entry, type: raw.resourceType, resource: result.data, label, container: container?.index } as (typeof parsed)[number];
    parsed.push(item);
    if (container) {
      if (item.resource.id) byRef.set(`${container.index}#${item.resource.id}`, item);
    } else {
      const id = item.resource.id;
      if (entry.fullUrl) byRef.set(entry.fullUrl, item);
      if (id) byRef.set(`${item.type}/${id}`, item);
      if (item.type === "Patient") {
        for (const inner of item.resource.contained ?? []) add({ index: entry.index, raw: inner }, { index: entry.index, label });
      }
    }
  };
  for (const entry of entries) add(entry);

  /** Finds a referenced resource: fullUrl (urn:uuid or absolute), Type/id (also at the end of a URL), or #contained. */
  const resolve = (reference: string | undefined, from: (typeof parsed)[number]) => {
    if (!reference) return undefined;
    if (reference.startsWith("#")) {
      if (from.container === undefined) return undefined;
      return reference === "#" ? parsed.find((p) => p.container === undefined && p.index === from.container) : byRef.get(`${from.container}${reference}`);
    }
    return byRef.get(reference) ?? byRef.get(/([A-Za-z]+\/[^/]+)(\/_history\/[^/]+)?$/.exec(reference)?.[1] ?? "");
  };
  const patients = parsed.filter((p): p is typeof p & { type: "Patient" } => p.type === "Patient" && p.container === undefined);
  const ownerOf = (item: (typeof parsed)[number], reference: string | undefined) => {
    // Resources contained in a Patient belong to it whatever their own reference says.
    if (item.container !== undefined) return patients.find((p) => p.index === item.container);
    const target = resolve(reference, item);
    return target?.type === "Patient" && target.container === undefined ? target : undefined;
  };

  const conditionsOf = new Map<(typeof parsed)[number], (typeof parsed)[number][]>();
  const coveragesOf = new Map<(typeof parsed)[number], (typeof parsed)[number][]>();
  const link = (map: typeof conditionsOf, item: (typeof parsed)[number], reference: z.infer<typeof Reference> | undefined, field: string) => {
    const owner = ownerOf(item, reference?.reference);
    if (owner) map.set(owner, [...(map.get(owner) ?? []), item]);
    else
      errors.push({
        row: item.index, column: "row", level: "warning", entry: item.label, path: `${item.type}.${field}`, value: reference?.reference ?? "",
        message: `${item.label}: ${field} ${reference?.reference ? `refers to ${reference.reference}, which is not a patient in this file` : "names no patient"}; it was not imported.`,
      });
  };
  let coverages = 0;
  let conditionsSkipped = 0;
  for (const item of parsed) {
    if (item.type === "Condition") link(conditionsOf, item, item.resource.subject, "subject");
    if (item.type === "Coverage") {
      coverages++;
      link(coveragesOf, item, item.resource.beneficiary, "beneficiary");
    }
  }

  let conditionsImported = 0;
  const rows = patients.map((p) => {
    const patient = p.resource as Patient;
    const rowErrors: RowError[] = [];
    const record: Partial<Record<PanelColumn, string>> = {};

    const name = patient.name?.find((n) => n.use === "official") ?? patient.name?.[0];
    record.first_name = (name?.given ?? []).join(" ");
    record.last_name = name?.family ?? "";
    record.date_of_birth = patient.birthDate ?? "";
    record.sex = patient.gender ?? "";

    const mrn = patient.identifier?.find((i) => codes(i.type).some((c) => c.code === "MR"));
    record.mrn = mrn?.value ?? "";

    const phones = (patient.telecom ?? []).filter((t) => t.system === "phone" && t.value && t.use !== "old");
    const phone = phones.find((t) => t.use === "mobile") ?? [...phones].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))[0];
    if (phone) {
      record.phone = phone.value!;
      record.phone_type = ["mobile", "home", "work"].includes(phone.use ?? "") ? phone.use! : "";
    }
    const addresses = (patient.address ?? []).filter((a) => a.use !== "old");
    const address = addresses.find((a) => a.use === "home") ?? addresses[0];
    if (address) {
      record.address_line1 = (address.line ?? []).join(", ");
      record.city = address.city ?? "";
      record.state = address.state ?? "";
      record.postal_code = address.postalCode ?? "";
    }
    const language = patient.communication?.find((c) => c.preferred) ?? patient.communication?.[0];
    record.preferred_language = language ? (codes(language.language)[0]?.code ?? language.language.text ?? "") : "";

    for (const ref of patient.generalPractitioner ?? []) {
      const target = resolve(ref.reference, p);
      const identifiers = target?.type === "Practitioner" ? (target.resource as Practitioner).identifier : ref.identifier ? [ref.identifier] : [];
      const npi = identifiers?.find((i) => i.system === NPI_SYSTEM)?.value;
      if (npi) {
        record.billing_practitioner_npi = npi;
        break;
      }
    }

    // MBI: the Patient's own identifier first, then Medicare coverage; two different ones are an error.
    const mbis: { value: string; from: string }[] = [];
    for (const i of patient.identifier ?? []) if (i.system === MBI_SYSTEM && i.value) mbis.push({ value: i.value, from: `${p.label} identifier` });
    for (const c of coveragesOf.get(p) ?? []) {
      const coverage = c.resource as Coverage;
      if (coverage.status === "cancelled" || coverage.status === "entered-in-error") continue;
      const mbi = coverageMbi(coverage, (ref) => resolve(ref, c));
      if (mbi) mbis.push({ value: mbi, from: c.label });
    }
    const distinct = mbis.filter((m, i) => mbis.findIndex((o) => normalMbi(o.value) === normalMbi(m.value)) === i);
    record.mbi = distinct[0]?.value ?? "";
    if (distinct.length > 1) {
      rowErrors.push({
        row: p.index, column: "mbi", entry: p.label, path: FHIR_PATH.mbi, value: distinct.map((m) => m.value).join(" / "),
        message: `${p.label}: the file gives different MBIs for this patient (${distinct.map((m) => `${m.value} in ${m.from}`).join("; ")}). Correct the record in the EHR and export again.`,
      });
    }

    // Coverage: order 1 (or the only one) is primary, order 2 secondary (docs/decisions/0048).
    const active = (coveragesOf.get(p) ?? []).filter((c) => !["cancelled", "entered-in-error", "draft"].includes((c.resource as Coverage).status ?? "active"));
    const ranked = new Map<"primary" | "secondary", (typeof active)[number]>();
    for (const c of active) {
      const order = (c.resource as Coverage).order ?? (active.length === 1 ? 1 : undefined);
      const rank = order === 1 ? "primary" : order === 2 ? "secondary" : undefined;
      if (!rank) {
        rowErrors.push({ row: p.index, column: "row", level: "warning", entry: c.label, path: "Coverage.order", value: String((c.resource as Coverage).order ?? ""), message: `${c.label}: ${(c.resource as Coverage).order ? `order ${(c.resource as Coverage).order} is neither primary (1) nor secondary (2)` : "has no order and the patient has more than one coverage"}, so it was not imported.` });
        continue;
      }
      if (ranked.has(rank)) {
        rowErrors.push({ row: p.index, column: `${rank}_payer`, entry: c.label, path: "Coverage.order", value: String((c.resource as Coverage).order ?? ""), message: `${c.label}: the patient has two ${rank} coverages in the file (${ranked.get(rank)!.label} too). Correct the order in the EHR and export again.` });
        continue;
      }
      ranked.set(rank, c);
      Object.assign(record, coverageColumns(c.resource as Coverage, rank, (ref) => resolve(ref, c)));
    }

    const icd: string[] = [];
    for (const c of conditionsOf.get(p) ?? []) {
      const condition = c.resource as Condition;
      if (hasCode(condition.verificationStatus, SKIPPED_VERIFICATION) || !hasCode(condition.clinicalStatus, ACTIVE_CLINICAL)) {
        conditionsSkipped++;
        continue;
      }
      const found = codes(condition.code).filter((x) => x.system && ICD10CM_SYSTEMS.has(x.system) && x.code).map((x) => x.code!);
      if (found.length === 0) {
        const other = codes(condition.code)[0];
        conditionsSkipped++;
        rowErrors.push({
          row: p.index, column: "icd10_codes", level: "warning", entry: p.label, path: "Condition.code",
          value: other ? `${other.code ?? ""}${other.display ? ` ${other.display}` : ""}`.trim() : (condition.code?.text ?? ""),
          message: `${c.label}: no ICD-10-CM code${other?.system ? ` (only ${other.system})` : ""}, so this condition is not imported. Add its ICD-10-CM code in the EHR or on the chart.`,
        });
        continue;
      }
      conditionsImported++;
      icd.push(...found);
    }
    record.icd10_codes = icd.join(";");
    return { row: p.index, label: p.label, record, errors: rowErrors };
  });

  const ignoredTotal = Object.values(ignored).reduce((a, b) => a + b, 0);
  if (ignoredTotal) {
    errors.push({
      row: 0, column: "row", level: "warning", entry: "whole file", path: "Bundle.entry", value: Object.entries(ignored).map(([t, n]) => `${t} ×${n}`).join(", "),
      message: `${ignoredTotal} resource${ignoredTotal === 1 ? " was" : "s were"} ignored: Carefold imports Patient, Condition and Coverage (and reads Organization and Practitioner they refer to).`,
    });
  }
  if (patients.length === 0 && !errors.some((e) => e.level !== "warning")) throw invalidInput("The file has no Patient resources to import.");
  return { rows, errors, summary: { patients: patients.length, conditionsImported, conditionsSkipped, coverages, ignored } };
}

/**
 * PHDSC Source of Payment Typology (urn:oid:2.16.840.1.113883.3.221.5) codes to Carefold plan types,
 * by the longest matching prefix: 1 Medicare (12x non-managed care = traditional), 11x Medicare
 * managed care and 14 dual-eligible organisations = Medicare Advantage, 2x Medicaid, 5x/6x private
 * insurance and Blue Cross = commercial. A typology code alone never says Medigap or QMB: those come
 * from the type's text/display or class ("medigap", "supplement", "QMB"); absent all, the payer's kind.
 */
export function planTypeOfTypology(code: string): "medicare" | "medicare_advantage" | "medicaid" | "commercial" | null {
  if (/^1(1|4)/.test(code)) return "medicare_advantage";
  if (/^1/.test(code)) return "medicare";
  if (/^2/.test(code)) return "medicaid";
  if (/^[56]/.test(code)) return "commercial";
  return null;
}

/** A Coverage's template columns for its rank: payer (identifier, else name), plan type, member id, group, period. */
function coverageColumns(coverage: Coverage, rank: "primary" | "secondary", resolve: (ref: string | undefined) => { type: string; resource: unknown } | undefined): Partial<Record<PanelColumn, string>> {
  const payor = coverage.payor?.[0];
  const own = payor?.reference?.startsWith("#") ? coverage.contained?.find((c) => c.resourceType === "Organization" && `#${c.id}` === payor.reference) : undefined;
  const target = own ? { type: "Organization", resource: own } : resolve(payor?.reference);
  const org = target?.type === "Organization" ? (target.resource as Organization) : undefined;
  const payerId = org?.identifier?.find((i) => i.value)?.value ?? payor?.identifier?.value;
  const payerName = (typeof org?.name === "string" ? org.name : undefined) ?? payor?.display;
  const words = [coverage.type?.text, ...codes(coverage.type).map((c) => c.display), ...(coverage.class ?? []).flatMap((c) => [c.value, c.name])].filter((w): w is string => !!w).join(" ");
  const typology = codes(coverage.type).find((c) => c.system !== undefined && PAYER_TYPOLOGY_SYSTEMS.has(c.system) && c.code);
  const medicareWords = [words, payerName ?? ""].join(" ");
  const planType = /\bqmb\b/i.test(words)
    ? "qmb"
    : /medigap|supplement/i.test(words)
      ? "medigap"
      : typology
        ? planTypeOfTypology(typology.code!)
        : /advantage|part c|\bma\b|hmo|ppo/i.test(medicareWords)
          ? null
          : /medicare/i.test(medicareWords) || (coverage.subscriberId !== undefined && validateMbi(coverage.subscriberId).isValid)
            ? "medicare"
            : null;
  const memberId = coverage.subscriberId ?? coverage.identifier?.find((i) => i.type && codes(i.type).some((c) => c.code === "MB"))?.value ?? coverage.identifier?.find((i) => i.value)?.value;
  const group = coverage.class?.find((c) => codes(c.type).some((x) => x.code === "group"))?.value;
  const date = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : "");
  return {
    [`${rank}_payer`]: payerId ?? payerName ?? "",
    [`${rank}_plan_type`]: planType ?? "",
    [`${rank}_member_id`]: memberId ?? "",
    [`${rank}_group_number`]: group ?? "",
    [`${rank}_effective_from`]: date(coverage.period?.start),
    [`${rank}_effective_to`]: date(coverage.period?.end),
  };
}

/** The MBI a Coverage carries, when it is Medicare (payor, type or class) or its subscriber id is an MBI. */
function coverageMbi(coverage: Coverage, resolve: (ref: string | undefined) => { type: string; resource: unknown } | undefined): string | undefined {
  const beneficiary = coverage.beneficiary?.identifier;
  const fromIdentifier = coverage.identifier?.find((i) => i.system === MBI_SYSTEM)?.value ?? (beneficiary?.system === MBI_SYSTEM ? beneficiary.value : undefined);
  const words = [
    coverage.type?.text,
    ...codes(coverage.type).flatMap((c) => [c.code, c.display]),
    ...(coverage.class ?? []).flatMap((c) => [c.value, c.name]),
    ...(coverage.payor ?? []).flatMap((p) => {
      // A payor contained in the Coverage itself ("#org"), else one elsewhere in the file.
      const own = p.reference?.startsWith("#") ? coverage.contained?.find((c) => c.resourceType === "Organization" && `#${c.id}` === p.reference) : undefined;
      const target = own ? { type: "Organization", resource: own } : resolve(p.reference);
      const name = target?.type === "Organization" ? (target.resource as Organization).name : undefined;
      return [p.display, typeof name === "string" ? name : undefined];
    }),
  ];
  // Traditional Medicare only: a Medicare Advantage plan's member id is not an MBI (issue 24).
  const typology = codes(coverage.type).find((c) => c.system !== undefined && PAYER_TYPOLOGY_SYSTEMS.has(c.system) && c.code);
  const advantage = words.some((w) => w !== undefined && /advantage|part c/i.test(w)) || (typology !== undefined && planTypeOfTypology(typology.code!) !== "medicare");
  const medicare = !advantage && (words.some((w) => w !== undefined && /medicare/i.test(w)) || typology !== undefined);
  if (fromIdentifier) return fromIdentifier;
  if (medicare) return coverage.subscriberId ?? fromIdentifier;
  return coverage.subscriberId && validateMbi(coverage.subscriberId).isValid ? coverage.subscriberId : undefined;
}

export const fhirFormatOf = (fileName: string): FhirFormat | null => (/\.ndjson$/i.test(fileName) ? "ndjson" : /\.json$/i.test(fileName) ? "bundle" : null);
