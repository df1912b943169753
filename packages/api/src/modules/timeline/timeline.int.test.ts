import { withTenantScope } from "@carefold/db";
import { createTestTenant, getTestDatabase } from "@carefold/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createUser, signIn, testConfig, type CreatedUser } from "../../testing/api-test-kit.js";
import { createPractitioner } from "../../testing/clinic-fixtures.js";
import { recordConsent } from "../patients/consent.service.js";
import { transitionEnrollment } from "../patients/enrollment.service.js";
import { getPatientTimeline } from "./timeline.service.js";

const config = testConfig();
const db = () => getTestDatabase().db;
let tenantId: string;
let patientId: string;
let coordinator: CreatedUser;
let browser: TestBrowser;

beforeAll(async () => {
  tenantId = (await createTestTenant(db(), { name: "Timeline Clinic", timeZone: "America/Denver" })).id;
  coordinator = await createUser(db(), config, { kind: "vendor", vendorRoles: ["coordinator"], withTotp: true });
  const today = new Date().toISOString().slice(0, 10);
  const practitioner = await createPractitioner(db(), tenantId);
  patientId = await withTenantScope(db(), { tenantIds: [tenantId] }, async (tx) => {
    await tx.coordinatorAssignment.create({ data: { tenantId, userId: coordinator.id } });
    const p = await tx.patient.create({ data: { tenantId, firstName: "Tia", lastName: "Line", dateOfBirth: new Date("1948-02-03"), timeZone: "America/Denver", billingPractitionerId: practitioner.id } });
    const base = { tenantId, patientId: p.id, program: "ccm" as const, actorUserId: coordinator.id, today };
    await transitionEnrollment(tx, { ...base, to: "outreach" });
    await recordConsent(tx, tenantId, { patientId: p.id, program: "ccm", method: "verbal", obtainedOn: today, obtainedByName: "Test Coordinator", disclosures: { availability: true, costSharing: true, stopAnyTime: true, onePractitionerPerMonth: true } }, coordinator.id, today);
    await transitionEnrollment(tx, { ...base, to: "enrolled" });
    return p.id;
  });
  browser = new TestBrowser(db(), config, "workspace");
  await signIn(browser, coordinator);
});

describe("structured interaction notes", () => {
  it("saves a note with a time entry, linked to it, once even when the submit is retried", async () => {
    const submit = () =>
      browser.call((c) =>
        c.time.create({
          patientId,
          clientRequestId: "timeline-entry-1",
          minutes: 14,
          activity: "patient_call",
          source: "timer",
          interaction: { contactWith: "patient", channel: "phone", outcome: "reached", topics: ["medications", "symptoms"], body: "Reviewed inhaler use; no new symptoms." },
        }),
      );
    const first = await submit();
    const retry = await submit();
    expect(first.noteId).toEqual(expect.any(String));
    expect(retry).toMatchObject({ entryId: first.entryId, isDuplicate: true, noteId: null });
    const notes = await browser.call((c) => c.tasks.notes({ patientId }));
    expect(notes).toEqual([expect.objectContaining({ id: first.noteId, timeEntryId: first.entryId, contactWith: "patient", channel: "phone", outcome: "reached", topics: ["medications", "symptoms"] })]);
  });

  it("refuses an unknown outcome or topic with the field named", async () => {
    await expect(browser.call((c) => c.tasks.addNote({ patientId, body: "x", outcome: "maybe" as "reached" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(browser.call((c) => c.tasks.addNote({ patientId, body: "x", topics: ["gossip" as "labs"] }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(browser.call((c) => c.tasks.addNote({ patientId, body: "   " }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("chart timeline", () => {
  it("merges entries (with their notes), notes, closed tasks, program moves and consent, newest first", async () => {
    await browser.call((c) => c.tasks.addNote({ patientId, contactWith: "caregiver", channel: "phone", outcome: "left_message", body: "Left a message for the daughter." }));
    const { taskId } = await browser.call((c) => c.tasks.create({ patientId, title: "Send the BP log form", dueOn: "2026-12-01" }));
    await browser.call((c) => c.tasks.close({ taskId, status: "done", outcome: "Mailed the form" }));

    const { items, nextBefore } = await browser.call((c) => c.timeline.patient({ patientId }));
    expect(nextBefore).toBeNull();
    expect(items.map((i) => i.type)).toEqual(["task_closed", "note", "time_entry", "enrollment", "enrollment", "consent", "enrollment", "enrollment"]);
    const entry = items.find((i) => i.type === "time_entry");
    expect(entry).toMatchObject({ minutes: 14, activity: "patient_call", notes: [expect.objectContaining({ outcome: "reached", body: "Reviewed inhaler use; no new symptoms." })] });
    expect(items.find((i) => i.type === "task_closed")).toMatchObject({ title: "Send the BP log form", outcome: "Mailed the form", by: expect.stringContaining("Test") });
    expect(items.filter((i) => i.type === "enrollment").map((i) => (i.type === "enrollment" ? i.toStatus : null))).toEqual(["enrolled", "consented", "outreach", "identified"]);
    // The entry's own note is inside the entry, not a second line.
    expect(items.filter((i) => i.type === "note")).toHaveLength(1);
  });

  it("pages by time without losing or repeating a line", async () => {
    const all = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => getPatientTimeline(tx, patientId, { limit: 200 }));
    const seen: string[] = [];
    let before: Date | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await withTenantScope(db(), { tenantIds: [tenantId] }, (tx) => getPatientTimeline(tx, patientId, { before, limit: 1 }));
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextBefore) break;
      before = new Date(page.nextBefore);
    }
    expect(seen).toEqual(all.items.map((i) => i.id));
  });
});
