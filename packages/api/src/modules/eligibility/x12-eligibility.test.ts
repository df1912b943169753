import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { build270, MBI, validate270, type InquiryReceiver, type InquirySource, type InquirySubscriber } from "./x12-270.js";
import { advantageOn, parse271, partBOn, standingOn } from "./x12-271.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8");

const SOURCE: InquirySource = { name: "Medicare", ediPayerId: "CMS", medicare: true };
const RECEIVER: InquiryReceiver = { name: "Test Family Medicine", npi: "1245319599", taxId: "123456789", submitterId: "CAREFOLD01", receiverId: "MEDICAREJ6" };
const ENVELOPE = { controlNumber: 42, createdAt: new Date("2026-12-01T14:05:00Z"), usage: "P" as const, serviceMonth: "2026-12" };
const subscriber = (n: number, over: Partial<InquirySubscriber> = {}): InquirySubscriber => ({
  traceNumber: `TRACE${n}`, lastName: "Active", firstName: "Ann", memberId: "1EG4TE5MK73", dateOfBirth: "1948-03-12", ...over,
});
const segments = (text: string) => text.trim().split("~\n").map((s) => s.replace(/~$/, ""));

describe("270 builder", () => {
  it("writes one information source, the clinic as receiver and one 2000C per subscriber, with counts and control numbers that agree", () => {
    const text = build270(SOURCE, RECEIVER, [subscriber(1), subscriber(2, { lastName: "Advantage", firstName: "Bob", memberId: "2FH5GJ6KM84", dateOfBirth: "1946-07-04" })], ENVELOPE, "2026-12-01");
    const segs = segments(text);
    expect(segs[0]).toMatch(/^ISA\*00\* {10}\*00\* {10}\*ZZ\*CAREFOLD01 {5}\*ZZ\*MEDICAREJ6 {5}\*261201\*1405\*\^\*00501\*000000042\*0\*P\*:$/);
    expect(segs[1]).toBe("GS*HS*CAREFOLD01*MEDICAREJ6*20261201*1405*42*X*005010X279A1");
    expect(segs.slice(2, 8)).toEqual([
      "ST*270*0001*005010X279A1", "BHT*0022*13*42*20261201*1405", "HL*1**20*1", "NM1*PR*2*MEDICARE*****PI*CMS", "HL*2*1*21*1", "NM1*1P*2*TEST FAMILY MEDICINE*****XX*1245319599",
    ]);
    expect(segs.slice(8, 14)).toEqual(["HL*3*2*22*0", "TRN*1*TRACE1*1123456789", "NM1*IL*1*ACTIVE*ANN****MI*1EG4TE5MK73", "DMG*D8*19480312", "DTP*291*D8*20261201", "EQ*30"]);
    expect(segs[14]).toBe("HL*4*2*22*0");
    // ST … SE: 6 header segments + 2 × 6 subscriber segments + SE = 19.
    expect(segs.at(-3)).toBe("SE*19*0001");
    expect(segs.slice(-2)).toEqual(["GE*1*42", "IEA*1*000000042"]);
    expect(validate270(text, { medicare: true })).toEqual([]);
  });

  it("cleans hostile names: no delimiter survives, accents are folded, member ids lose their dashes", () => {
    const text = build270(SOURCE, RECEIVER, [subscriber(1, { lastName: "O'Brien*~Evil:^", firstName: "Zoë\nDrop", memberId: "1EG4-TE5-MK73" })], ENVELOPE, "2026-12-01");
    const nm1 = segments(text).find((s) => s.startsWith("NM1*IL"))!;
    // The shared clean() drops control characters (a newline cannot start a segment) and turns delimiters into spaces.
    expect(nm1).toBe("NM1*IL*1*O'BRIEN EVIL*ZOEDROP****MI*1EG4TE5MK73");
    expect(validate270(text, { medicare: true })).toEqual([]);
    // ISA, GS, 6 header, 6 subscriber, SE, GE, IEA: nothing split a segment in two.
    expect(segments(text)).toHaveLength(17);
  });

  it("the validator names what is wrong: an MBI that is not one, a wrong segment count, a broken HL tree, a missing EQ", () => {
    const good = build270(SOURCE, RECEIVER, [subscriber(1)], ENVELOPE, "2026-12-01");
    expect(validate270(build270(SOURCE, RECEIVER, [subscriber(1, { memberId: "123456789A" })], ENVELOPE, "2026-12-01"), { medicare: true })).toEqual(["subscriber HL 3: the member id is not an MBI"]);
    expect(validate270(good.replace("SE*13*0001", "SE*12*0001"), { medicare: true })).toEqual(["SE01 says 12 segments, the transaction has 13"]);
    expect(validate270(good.replace("HL*3*2*22*0", "HL*3*1*22*0"), { medicare: true })).toEqual(["HL 3 (level 22) does not hang under a level 21"]);
    expect(validate270(good.replace("EQ*30~\n", "").replace("SE*13", "SE*12"), { medicare: true })).toEqual(["subscriber HL 3 lacks EQ"]);
    expect(validate270(good.replace("IEA*1*000000042", "IEA*1*000000043"), { medicare: true })).toEqual(["ISA13 and IEA02 differ"]);
    expect(validate270("not x12", { medicare: true })[0]).toMatch(/not an X12 file/);
  });

  it("refuses an inquiry with no subscriber", () => {
    expect(() => build270(SOURCE, RECEIVER, [], ENVELOPE, "2026-12-01")).toThrow(/at least one subscriber/);
  });

  it("the fixtures' MBIs are well-formed MBIs", () => {
    for (const mbi of ["1EG4TE5MK73", "2FH5GJ6KM84", "3HJ6KM7NP95", "4KM7NP8QR06"]) expect(MBI.test(mbi)).toBe(true);
  });
});

describe("271 reader (every fixture)", () => {
  it("active Part B: Parts A and B active since 2013, a Part D plan (S-contract, pharmacy only) is not Medicare Advantage → traditional", () => {
    const r = parse271(fixture("271-active-part-b.txt"));
    expect(r).toMatchObject({ payerName: "CMS", respondedOn: "2026-12-01" });
    expect(r.subscribers).toHaveLength(1);
    const s = r.subscribers[0]!;
    expect(s).toMatchObject({ position: 1, traceNumbers: ["ANNFIXTURETRACE01"], memberId: "1EG4TE5MK73", lastName: "ACTIVE", firstName: "ANN", dateOfBirth: "1948-03-12", advantage: [], rejections: [] });
    expect(s.partA).toEqual([{ active: true, from: "2013-03-01", to: null }]);
    expect(s.partB).toEqual([{ active: true, from: "2013-03-01", to: null }]);
    expect(standingOn(s, "2026-12-01")).toBe("traditional");
  });

  it("moved to Medicare Advantage: the 2120C NM1*PRP names the plan and its contract number, DTP*290 its start", () => {
    const s = parse271(fixture("271-moved-to-medicare-advantage.txt")).subscribers[0]!;
    expect(s.advantage).toEqual([{ name: "SUNRISE HEALTH MEDICARE PPO", planId: "H1234", from: "2026-11-01", to: null }]);
    expect(advantageOn(s, "2026-12-01")).toEqual(s.advantage[0]);
    expect(standingOn(s, "2026-12-01")).toBe("medicare_advantage");
    // Before the plan starts it is still news (a future enrolment), and the standing says so.
    expect(standingOn(s, "2026-10-15")).toBe("medicare_advantage");
  });

  it("lost Part B: EB*6 MB with an RD8 eligibility period that ended on 2026-10-31", () => {
    const s = parse271(fixture("271-lost-part-b.txt")).subscribers[0]!;
    expect(s.partB).toEqual([{ active: false, from: "2015-01-01", to: "2026-10-31" }]);
    expect(partBOn(s, "2026-12-01")).toEqual(s.partB[0]);
    expect(standingOn(s, "2026-12-01")).toBe("inactive");
  });

  it("not found: AAA*N**75 in 2100C, no benefits → rejected, reason in words", () => {
    const s = parse271(fixture("271-not-found.txt")).subscribers[0]!;
    expect(s.rejections).toEqual([{ code: "75", reason: "the subscriber was not found" }]);
    expect(standingOn(s, "2026-12-01")).toBe("rejected");
  });

  it("back to traditional Medicare: the plan's DTP*290 period ended on 2026-11-30, Part B active", () => {
    const r = parse271(fixture("271-back-to-traditional.txt"));
    const s = r.subscribers[0]!;
    expect(s.advantage).toEqual([{ name: "SUNRISE HEALTH MEDICARE PPO", planId: "H1234", from: "2026-11-01", to: "2026-11-30" }]);
    expect(standingOn(s, r.respondedOn!)).toBe("traditional");
  });

  it("reads other separators (| elements, > components, ! repetition) the same", () => {
    const text = fixture("271-moved-to-medicare-advantage.txt");
    const isaEnd = text.indexOf("~");
    const isa = text.slice(0, isaEnd).replaceAll("*", "|").replace("|^|", "|!|").replace(/:$/, ">");
    const rest = text.slice(isaEnd).replaceAll("*", "|").replaceAll("^", "!");
    expect(parse271(isa + rest)).toEqual(parse271(text));
  });

  it("malformed input is refused with a clear error", () => {
    expect(() => parse271("hello")).toThrow(/not an X12 file/);
    expect(() => parse271(fixture("271-not-found.txt").replace("ST*271", "ST*835").replace("GS*HB", "GS*HP"))).toThrow(/X12 835 file, not a 271/);
    const cut = fixture("271-lost-part-b.txt").split("\n").slice(0, 12).join("\n");
    expect(() => parse271(cut)).toThrow(/cut off/);
    const noSubscriber = fixture("271-not-found.txt").replace(/HL\*3\*2\*22\*0~\n(.|\n)*?AAA\*N\*\*75\*C~\n/, "AAA*N**42*R~\n");
    expect(() => parse271(noSubscriber)).toThrow(/refused the whole inquiry: the payer could not respond now \(AAA 42\)/);
  });
});
