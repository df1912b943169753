import { PAYER_WARNING_CODES } from "../payer-rates.js";
import { FINDING_DEFINITIONS, type FindingCode } from "@carefold/ccm-rules";
import { withTenantScope } from "@carefold/db";
import { getTestDatabase } from "@carefold/db/testing";
import type { ObjectStorage } from "@carefold/integrations";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestObjectStorage } from "../../../testing/api-test-kit.js";
import { createClaimExport } from "../exports.service.js";
import { DEFAULT_INITIATING_VISIT_POLICY } from "../initiating-visit.js";
import { loadInitiatingVisitPolicy } from "../initiating-visit-policy.service.js";
import { runMonthClose } from "../month-close.service.js";
import { approveMonth, excludePendingReview, getWorksheet } from "../worksheet.service.js";
import { CLOSE_NOW, MONTH, seedGoldenMonth, type GoldenWorld } from "./golden-month.seed.js";
import { GOLDEN_ROWS, type ClinicKey, type ExpectedRow, type GoldenRow } from "./golden-month.table.js";

/**
 * The golden month (issue 15, "Done means"): four clinics' November 2026 — an office clinic of
 * 52 patient-months plus an FQHC, a QP clinic and a clinic with its own 99491 rate — recorded
 * through the real services (golden-month.seed.ts), closed by the real close, read back from the
 * worksheet and from the claims CSV of the approved month. The expected rows, with the hand
 * arithmetic of each, are in golden-month.table.ts; docs/golden-month.md says how to re-check one.
 *
 * Any difference fails, listed row by row ("label (clinic): field expected … got …"). The month
 * and the clock are fixed (2026 rates are what the rows were checked against), so the result
 * never depends on the day the test runs.
 *
 * Time still awaiting supervisor review at the close does not count and keeps the clinic from
 * approving the month; the test handles it as a clinic would — a clinic admin excludes that time
 * with a reason — and checks that the exclusion, and nothing else, is what lets the approval
 * through (decision 0040). Not expressible through the services at all: a duplicated entry id (primary key), an unknown performer role and
 * an impossible date (both refused by the schema and the database).
 */
const db = () => getTestDatabase().db;
let storage: ObjectStorage;
let stop: () => Promise<void>;
let world: GoldenWorld;

beforeAll(async () => {
  ({ storage, stop } = await useTestObjectStorage());
  world = await seedGoldenMonth(db(), GOLDEN_ROWS);
  for (const clinic of world.clinics.values()) await runMonthClose(db(), { tenantId: clinic.tenantId, serviceMonth: MONTH });
}, 600_000);
afterAll(async () => stop());

const inClinic = <T>(tenantId: string, fn: Parameters<typeof withTenantScope<T>>[2]) => withTenantScope(db(), { tenantIds: [tenantId] }, fn);
const rowsOf = (clinic: ClinicKey) => GOLDEN_ROWS.filter((r) => r.clinic === clinic);
// Payer findings (issue 24) are outside the ccm-rules catalogue; both warn.
const isWarning = (code: string) => (PAYER_WARNING_CODES as readonly string[]).includes(code) || FINDING_DEFINITIONS[code as FindingCode]?.severity === "warn";
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const showLines = (lines: [string, number, number][]) => (lines.length ? lines.map(([code, units, cents]) => `${code}×${units} ${dollars(cents)}`).join(" + ") : "none");

/** Every field of a row that differs, in words: "amount expected $66.13, got $0.00". */
function differences(row: GoldenRow, actual: ExpectedRow | null): string[] {
  const where = `${row.label} (${row.clinic})`;
  if (row.expected === null || actual === null) {
    return row.expected === actual ? [] : [`${where}: expected ${row.expected ? "a worksheet row" : "no worksheet row"}, got ${actual ? "one" : "none"}`];
  }
  const want = { ...row.expected, lines: showLines(row.expected.lines), amount: dollars(row.expected.amount), coinsurance: dollars(row.expected.coinsurance), findings: [...row.expected.findings].sort().join(", ") || "none" };
  const got = { ...actual, lines: showLines(actual.lines), amount: dollars(actual.amount), coinsurance: dollars(actual.coinsurance), findings: [...actual.findings].sort().join(", ") || "none" };
  return (Object.keys(want) as (keyof typeof want)[]).filter((k) => want[k] !== got[k]).map((k) => `${where}: ${k} expected ${want[k]}, got ${got[k]}`);
}

async function worksheetOf(clinic: ClinicKey) {
  const { tenantId } = world.clinics.get(clinic)!;
  const sheet = await inClinic(tenantId, (tx) => getWorksheet(tx, tenantId, MONTH, "all"));
  const byLabel = new Map<string, ExpectedRow>();
  for (const r of sheet!.rows) {
    byLabel.set(r.name.replace(/^Golden, /, ""), {
      status: r.status as ExpectedRow["status"],
      lines: r.lines.map((l) => [l.code, l.units, l.amountCents] as [string, number, number]),
      amount: r.amountCents,
      coinsurance: r.coinsuranceCents,
      staff: r.staffMinutes,
      practitioner: r.practitionerMinutes,
      logged: r.loggedMinutes,
      findings: r.findings.map((f) => f.code),
      patientShare: r.patientShareCents,
      secondaryShare: r.secondaryShareCents,
      basis: r.rateBasis,
    });
  }
  return { sheet: sheet!, byLabel };
}

describe("golden month: recorded facts → close → worksheet → claims CSV", () => {
  it("the office clinic alone has at least 40 patient-months, and the only entries awaiting review are the table's left_pending ones", async () => {
    expect(rowsOf("office").filter((r) => r.expected !== null).length).toBeGreaterThanOrEqual(40);
    for (const clinic of world.clinics.values()) {
      const pending = await inClinic(clinic.tenantId, (tx) => tx.timeEntry.findMany({ where: { reviewStatus: "pending" }, select: { id: true }, orderBy: { id: "asc" } }));
      const expected = [...clinic.pendingEntries.values()].flat().sort();
      expect({ clinic: clinic.key, pending: pending.map((e) => e.id).sort() }).toEqual({ clinic: clinic.key, pending: expected });
    }
    expect(world.clinics.get("office")!.pendingEntries.size).toBeGreaterThan(0);
  });

  it("every clinic keeps the default initiating-visit setting the visit rows were checked against (CCM must be discussed, TCM counts)", async () => {
    for (const clinic of world.clinics.values()) {
      expect({ clinic: clinic.key, policy: await inClinic(clinic.tenantId, (tx) => loadInitiatingVisitPolicy(tx, clinic.tenantId)) }).toEqual({ clinic: clinic.key, policy: DEFAULT_INITIATING_VISIT_POLICY });
    }
    expect(DEFAULT_INITIATING_VISIT_POLICY.needsCcmDiscussed).toBe(true);
  });

  it("every worksheet row is the hand-checked row of the table, whole", async () => {
    const diffs: string[] = [];
    for (const clinic of world.clinics.keys()) {
      const { byLabel } = await worksheetOf(clinic);
      for (const row of rowsOf(clinic)) diffs.push(...differences(row, byLabel.get(row.label) ?? null));
      for (const label of byLabel.keys()) if (!rowsOf(clinic).some((r) => r.label === label)) diffs.push(`${label} (${clinic}): a worksheet row the table does not list`);
    }
    expect(diffs).toEqual([]);
  });

  it("the close's counts and amount and the worksheet's totals by code are the table's sums", async () => {
    for (const clinic of world.clinics.keys()) {
      const rows = rowsOf(clinic).flatMap((r) => (r.expected ? [r.expected] : []));
      const count = (status: ExpectedRow["status"]) => rows.filter((r) => r.status === status).length;
      const byCode = new Map<string, { code: string; units: number; amountCents: number }>();
      for (const [code, units, cents] of rows.flatMap((r) => r.lines)) {
        const t = byCode.get(code) ?? { code, units: 0, amountCents: 0 };
        byCode.set(code, { code, units: t.units + units, amountCents: t.amountCents + cents });
      }
      const { sheet } = await worksheetOf(clinic);
      expect({ clinic, counts: sheet.close.counts, amountCents: sheet.close.amountCents, coinsuranceCents: sheet.close.coinsuranceCents, totalsByCode: sheet.totalsByCode }).toEqual({
        clinic,
        counts: { billable: count("billable"), blocked: count("blocked"), belowThreshold: count("below_threshold"), excluded: 0, warnings: rows.filter((r) => r.findings.some(isWarning)).length, all: rows.length },
        amountCents: rows.reduce((s, r) => s + r.amount, 0),
        coinsuranceCents: rows.reduce((s, r) => s + r.coinsurance, 0),
        totalsByCode: [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)),
      });
    }
  });

  it("a month with time awaiting review is refused approval until a clinic admin excludes exactly that time with a reason", async () => {
    for (const clinic of world.clinics.values()) {
      const { tenantId } = clinic;
      const waiting = [...clinic.pendingEntries.values()].flat();
      const approve = () => inClinic(tenantId, (tx) => approveMonth(tx, tenantId, MONTH, clinic.doctorUserId));
      if (waiting.length === 0) continue;
      const seconds = rowsOf(clinic.key).flatMap((r) => (r.facts.entries ?? []).filter((e) => e.review === "left_pending").map((e) => e.lasted.split(":").map(Number) as [number, number]))
        .reduce((sum, [m, s]) => sum + m * 60 + s, 0);
      const { sheet } = await worksheetOf(clinic.key);
      expect(sheet.pendingReview).toEqual({ patients: clinic.pendingEntries.size, entries: waiting.length, seconds, exclusion: null });
      // As closed, the month cannot be approved: the refusal says what waits and the ways out.
      await expect(approve()).rejects.toMatchObject({ code: "invalid_state", userMessage: expect.stringMatching(/await supervisor review\. Ask your vendor to reopen the month so they can be reviewed, or exclude them from this month with a reason before approving\.$/) });
      expect((await inClinic(tenantId, (tx) => tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: { tenantId, serviceMonth: MONTH } } }))).status).toBe("closed");
      // The clinic admin excludes that time with a reason; only that changes before the approval.
      const reason = "Logged late without notes; not reviewed before the month was billed";
      expect(await inClinic(tenantId, (tx) => excludePendingReview(tx, tenantId, { serviceMonth: MONTH, reason }, clinic.doctorUserId))).toEqual({ entries: waiting.length, seconds });
      const { sheet: after } = await worksheetOf(clinic.key);
      expect(after.pendingReview.exclusion).toMatchObject({ reason, entryIds: [...waiting].sort() });
      // Excluded time is still not counted: the rows and totals are the table's (the next tests).
      expect(after.close.amountCents).toBe(sheet.close.amountCents);
      expect(await approve()).toEqual({ billable: rowsOf(clinic.key).filter((r) => r.expected?.status === "billable").length, amountCents: sheet.close.amountCents });
    }
  });

  it("the approved month's claims CSV has one line per billed code of the table, to the cent", async () => {
    const diffs: string[] = [];
    for (const clinic of world.clinics.values()) {
      const csv = await inClinic(clinic.tenantId, async (tx) => {
        // A clinic with time awaiting review was approved by the test before, after its exclusion
        // (run alone, approving it here is refused, which says so).
        const close = await tx.monthClose.findUniqueOrThrow({ where: { tenantId_serviceMonth: { tenantId: clinic.tenantId, serviceMonth: MONTH } } });
        if (close.status !== "approved") await approveMonth(tx, clinic.tenantId, MONTH, clinic.doctorUserId);
        const created = await createClaimExport(tx, storage, clinic.tenantId, MONTH, "csv", clinic.doctorUserId, CLOSE_NOW);
        const document = await tx.document.findFirstOrThrow({ where: { id: created.documentId } });
        return (await storage.getObject(document.storageKey, { expectedSha256: document.sha256 })).body.toString("utf8");
      });
      const records = parse(csv, { columns: true }) as Record<string, string>[];
      const got = records.map((r) => [r.patient_first_name, r.date_of_service, r.cpt_hcpcs, r.units, r.staff_minutes, r.practitioner_minutes, r.consent_date, r.amount_usd].join(" | ")).sort();
      const want = rowsOf(clinic.key)
        .filter((r) => r.expected?.status === "billable")
        .flatMap((r) => r.expected!.lines.map(([code, units, cents]) =>
          [r.label, "2026-11-30", code, units, r.expected!.staff, r.expected!.practitioner, world.consentDates.get(r.label), (cents / 100).toFixed(2)].join(" | ")))
        .sort();
      for (const line of want) if (!got.includes(line)) diffs.push(`${clinic.key}: missing CSV line ${line}`);
      for (const line of got) if (!want.includes(line)) diffs.push(`${clinic.key}: unexpected CSV line ${line}`);
    }
    expect(diffs).toEqual([]);
  });
});

