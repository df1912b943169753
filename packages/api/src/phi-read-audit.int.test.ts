// Issue 17 item 6: every procedure that returns a patient's PHI writes an audit row, and lists show
// the MBI masked. The test walks every query in the appRouter, calls it from both apps with inputs
// built from a fixture dictionary, and looks for the fixture patient's PHI in the answer by VALUE
// (name, date of birth, MBI, phone), whatever the field is called. A query that returns any of it
// without an audit row fails the test; so does a new query the test cannot call (add its inputs
// to INPUT_VALUES, or explain it in NOT_CALLABLE).
import { withSystemScope, withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import type { AnyZodObject, ZodTypeAny } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMonthClose } from "./modules/billing/month-close.service.js";
import { appRouter } from "./root.js";
import { createUser, signIn, testConfig, TestBrowser, useTestObjectStorage, type CreatedUser } from "./testing/api-test-kit.js";
import { createPractitioner } from "./testing/clinic-fixtures.js";

const config = testConfig();
const db = () => getTestDatabase().db;

const PATIENT = { firstName: "Ottoline", lastName: "Quorvathy", dateOfBirth: "1947-06-13", mbi: "4TE7-RU9-KM22", phone: "6125550177" };
const FULL_MBI = PATIENT.mbi.replace(/-/g, "");
/** The PHI of the fixture patient as it can appear in an answer. */
const PHI_MARKERS: Record<string, RegExp> = {
  name: new RegExp(PATIENT.lastName),
  dateOfBirth: new RegExp(PATIENT.dateOfBirth),
  mbi: new RegExp(`${FULL_MBI}|${PATIENT.mbi}`),
  phone: new RegExp(PATIENT.phone),
};

/** Queries that need inputs no dictionary can give, with the reason they hold no PHI or are covered elsewhere. */
const NOT_CALLABLE: Record<string, string> = {
  "auth.describeInvitation": "needs a live invitation token; answers the invitee's own name and e-mail, no patient data",
  "documents.download": "needs a document id of a stored file; a download link, no patient fields in the answer",
  "calls.get": "needs a call id (a live call through the telephony stand-in); answers call status and timings, no patient fields",
  "invoicing.invoice": "needs an invoice id; vendor invoices carry counts and amounts per clinic, no patient fields",
  "clinicInvoices.get": "needs an invoice id; the clinic's copy of a vendor invoice, no patient fields",
};

/** Queries that may return the full MBI: exports whose purpose is the claim itself (audited). */
const FULL_MBI_ALLOWED = new Set<string>(["worksheet.claimsCsv", "worksheet.x12", "monthClose.auditPacket"]);

let tenantId: string;
let patientId: string;
let serviceMonth: string;
let importId: string;
let payerId: string;
let portal: TestBrowser;
let workspace: TestBrowser;
let stopStorage: () => Promise<void>;
afterAll(async () => stopStorage());

function previousMonth(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** Values for input fields, by field name (the same names mean the same thing across routers). */
const inputValues = (): Record<string, unknown> => ({
  patientId,
  tenantId,
  serviceMonth,
  month: serviceMonth,
  program: "ccm",
  page: 1,
  pageSize: 50,
  limit: 50,
  version: 1,
  mineOnly: false,
  chain: tenantId,
  from: serviceMonth,
  to: serviceMonth,
  section: "revenue",
  importId,
  payerId,
});

function inputFor(schema: ZodTypeAny | undefined): { ok: true; value: unknown } | { ok: false } {
  if (!schema) return { ok: true, value: undefined };
  if (schema.safeParse(undefined).success) return { ok: true, value: undefined };
  if (schema.safeParse({}).success) return { ok: true, value: withKnownKeys(schema, {}) };
  const filled = withKnownKeys(schema, {});
  return schema.safeParse(filled).success ? { ok: true, value: filled } : { ok: false };
}

/** Fills every key of an object schema that the dictionary knows (nested effects unwrapped). */
function withKnownKeys(schema: ZodTypeAny, base: Record<string, unknown>): Record<string, unknown> {
  let inner: ZodTypeAny = schema;
  while (inner && !("shape" in inner._def || "shape" in inner) && "innerType" in inner._def) inner = inner._def.innerType;
  while (inner && inner._def?.schema && !("shape" in inner)) inner = inner._def.schema;
  const shape = (inner as AnyZodObject).shape as Record<string, ZodTypeAny> | undefined;
  if (!shape) return base;
  const values = inputValues();
  const out = { ...base };
  for (const key of Object.keys(shape)) if (key in values) out[key] = values[key];
  // Fill only keys the schema accepts with that value (an enum may not contain "ccm", for example).
  for (const key of Object.keys(out)) {
    if (!shape[key]!.safeParse(out[key]).success) delete out[key];
  }
  return out;
}

async function auditRowsFor(action: string): Promise<number> {
  return withSystemScope(db(), "test: count audit rows", async (tx) => {
    const tenant = await tx.auditEvent.count({ where: { action } });
    const platform = await tx.platformAuditEvent.count({ where: { action } });
    return tenant + platform;
  });
}

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

type Procedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: ZodTypeAny[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);
const queries = procedures.filter(([, p]) => p._def.type === "query").map(([path, p]) => [path, p] as const);

async function callQuery(browser: TestBrowser, path: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const [router, name] = path.split(".") as [string, string];
  try {
    const value = await browser.call((c) => (c as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[router]![name]!(input));
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

beforeAll(async () => {
  ({ stop: stopStorage } = await useTestObjectStorage());
  serviceMonth = previousMonth();
  tenantId = (await createTestTenant(db(), { name: "Audit Read Clinic" })).id;
  await createPractitioner(db(), tenantId, { name: "Dr. Reader", npi: "1987654328" });
  const admin: CreatedUser = await createUser(db(), config, { kind: "clinic", memberships: [{ tenantId, role: "clinic_admin" }] });
  const vendorAdmin = await createUser(db(), config, { kind: "vendor", vendorRoles: ["vendor_admin"], withTotp: true });
  portal = new TestBrowser(db(), config, "portal");
  await signIn(portal, admin);
  workspace = new TestBrowser(db(), config, "workspace");
  await signIn(workspace, vendorAdmin);
  patientId = (
    await portal.call((c) =>
      c.patients.create({
        firstName: PATIENT.firstName,
        lastName: PATIENT.lastName,
        dateOfBirth: PATIENT.dateOfBirth,
        mbi: PATIENT.mbi,
        phones: [{ number: PATIENT.phone, type: "mobile", isPreferred: true, hasSmsConsent: true }],
        problems: [
          { icd10Code: "E11.9", description: "Diabetes" },
          { icd10Code: "I10", description: "Hypertension" },
        ],
      }),
    )
  ).patientId;
  await portal.call((c) => c.enrollment.recordConsent({ patientId, method: "verbal", obtainedOn: `${serviceMonth}-02`, disclosures: { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true } }));
  const draft = await portal.call((c) => c.carePlans.draftFromTemplates({ patientId }));
  await portal.call((c) => c.carePlans.save({ patientId, expectedVersion: 0, body: draft.body }));
  await portal.call((c) => c.time.create({ patientId, clientRequestId: "phi-read-audit-1", minutes: 25, activity: "patient_call", source: "manual", performedOn: `${serviceMonth}-05` }));
  importId = (await portal.call((c) => c.panelImport.preview({ fileName: "p.csv", base64: Buffer.from(`first_name,last_name,date_of_birth\nOtto,${PATIENT.lastName},${PATIENT.dateOfBirth}\n`).toString("base64") }))).importId;
  // Issue 24: a payer and the patient's traditional Medicare coverage (its member id is the MBI).
  payerId = (await portal.call((c) => c.payers.add({ name: "Medicare Part B", planType: "medicare", ediPayerId: "03102" }))).payerId;
  await portal.call((c) => c.coverage.add({ patientId, payerId, rank: "primary", planType: "medicare", memberId: PATIENT.mbi, effectiveFrom: `${serviceMonth}-01` }));
  await runMonthClose(db(), { tenantId, serviceMonth });
  // The fixture patient has no billable month of its own; the worksheet gets a blocked row for it
  // (what the close writes for an enrolled patient below the rules), so the worksheet shows PHI.
  const close = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: { tenantId, serviceMonth } } }));
  await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) =>
    tx.$executeRaw`INSERT INTO worksheet_row (tenant_id, service_month, patient_id, run_id, evaluated_status, date_of_service, input_hash, result_hash)
                   VALUES (${tenantId}::uuid, ${serviceMonth}, ${patientId}::uuid, ${close.runId}::uuid, 'blocked', ${`${serviceMonth}-28`}::date, ${"0".repeat(64)}, ${"0".repeat(64)})`,
  );
});

describe("PHI reads are audited (issue 17 item 6)", () => {
  it("every query can be called by this test or is explained", () => {
    const uncallable = queries.filter(([path, p]) => !inputFor(p._def.inputs[0]).ok && !(path in NOT_CALLABLE)).map(([path]) => path);
    expect(uncallable).toEqual([]);
  });

  it.each(queries.map(([path]) => path))("%s: PHI in the answer means an audit row; lists show the MBI masked", async (path) => {
    const procedure = queries.find(([p]) => p === path)![1];
    const input = inputFor(procedure._def.inputs[0]);
    if (!input.ok) return; // explained in NOT_CALLABLE (checked above)
    for (const browser of [portal, workspace]) {
      const before = await auditRowsFor(path);
      const answer = await callQuery(browser, path, input.value);
      if (!answer.ok) continue;
      const text = json(answer.value);
      const found = Object.entries(PHI_MARKERS).filter(([, re]) => re.test(text)).map(([field]) => field);
      if (found.length === 0) continue;
      const after = await auditRowsFor(path);
      expect(after - before, `${path} (${browser.app}) returned ${found.join(", ")} without an audit row`).toBeGreaterThanOrEqual(1);
      if (!FULL_MBI_ALLOWED.has(path)) expect(text, `${path} (${browser.app}) returned the full MBI`).not.toMatch(PHI_MARKERS.mbi!);
    }
  });
});
