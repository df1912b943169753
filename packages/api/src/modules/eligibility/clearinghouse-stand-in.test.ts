import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLocalEligibilityClearinghouse } from "@carefold/integrations";
import { describe, expect, it } from "vitest";
import { build270, validate270 } from "./x12-270.js";
import { parse271, standingOn } from "./x12-271.js";

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The stand-in answers from the reviewed fixtures: each subscriber's segments after DMG, by member id (the later file wins). */
function answersFromFixtures() {
  const answers = new Map<string, string[]>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".txt")).sort()) {
    if (name === "271-back-to-traditional.txt") continue; // Bob's later answer; the stand-in gives his first
    const segs = readFileSync(`${dir}${name}`, "utf8").split("~\n").map((s) => s.replace(/~$/, ""));
    const member = segs.find((s) => s.startsWith("NM1*IL"))!.split("*")[9]!;
    const from = segs.findIndex((s) => s.startsWith("DMG*")) + 1;
    const to = segs.findIndex((s) => s.startsWith("SE*"));
    answers.set(member, segs.slice(from, to));
  }
  return answers;
}

const RECEIVER = { name: "Test Family Medicine", npi: "1245319599", taxId: "123456789", submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6" };
const subscriber = (traceNumber: string, lastName: string, firstName: string, memberId: string, dateOfBirth: string) => ({ traceNumber, lastName, firstName, memberId, dateOfBirth });

describe("local clearinghouse stand-in (real-time 270/271)", () => {
  it("answers our 270 from the fixtures, echoing each trace number; an unknown member is not found", async () => {
    const inquiry = build270({ name: "Medicare", ediPayerId: "CMS", medicare: true }, RECEIVER, [
      subscriber("T1", "Active", "Ann", "1EG4TE5MK73", "1948-03-12"),
      subscriber("T2", "Advantage", "Bob", "2FH5GJ6KM84", "1946-07-04"),
      subscriber("T3", "Lapsed", "Cara", "3HJ6KM7NP95", "1950-01-15"),
      subscriber("T4", "Unknown", "Dan", "4KM7NP8QR06", "1952-02-20"),
      subscriber("T5", "Nobody", "Eve", "5NP8QR9TU17", "1953-03-03"),
    ], { controlNumber: 7, createdAt: new Date("2026-12-01T09:30:00Z"), usage: "T", serviceMonth: "2026-12" }, "2026-12-01");
    expect(validate270(inquiry, { medicare: true })).toEqual([]);
    const answer = parse271(await createLocalEligibilityClearinghouse(answersFromFixtures()).exchange(inquiry));
    expect(answer.payerName).toBe("MEDICARE");
    expect(answer.subscribers.map((s) => [s.traceNumbers[0], s.memberId, standingOn(s, "2026-12-01")])).toEqual([
      ["T1", "1EG4TE5MK73", "traditional"],
      ["T2", "2FH5GJ6KM84", "medicare_advantage"],
      ["T3", "3HJ6KM7NP95", "inactive"],
      ["T4", "4KM7NP8QR06", "rejected"],
      ["T5", "5NP8QR9TU17", "rejected"],
    ]);
    expect(answer.subscribers[1]!.advantage).toEqual([{ name: "SUNRISE HEALTH MEDICARE PPO", planId: "H1234", from: "2026-11-01", to: null }]);
  });

  it("refuses what is not a 270", async () => {
    await expect(createLocalEligibilityClearinghouse(new Map()).exchange("hello")).rejects.toThrow(/start with an ISA/);
  });
});
