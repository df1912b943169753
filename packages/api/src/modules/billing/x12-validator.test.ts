import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validate837p } from "./x12-validator.js";

const golden = readFileSync(fileURLToPath(new URL("./fixtures/837p-2026-10.golden.txt", import.meta.url)), "utf8");
const golden837i = readFileSync(fileURLToPath(new URL("./fixtures/837i-2026-10.golden.txt", import.meta.url)), "utf8");
const corrections = readFileSync(fileURLToPath(new URL("./fixtures/837p-2026-10-corrections.golden.txt", import.meta.url)), "utf8");

/** Each row breaks the reviewed golden file in one way and names what the validator must say. */
const BROKEN: [string, (text: string) => string, RegExp][] = [
  ["IEA control number differs from ISA13", (t) => t.replace("IEA*1*000000001", "IEA*1*000000002"), /IEA02 \(000000002\) must equal ISA13/],
  ["IEA counts the wrong number of groups", (t) => t.replace("IEA*1*", "IEA*2*"), /IEA01 says 2 group/],
  ["GE control number differs from GS06", (t) => t.replace("GE*1*1~", "GE*1*7~"), /GE02 \(7\) must equal GS06 \(1\)/],
  ["GE counts the wrong number of sets", (t) => t.replace("GE*1*1~", "GE*3*1~"), /GE01 says 3 transaction set/],
  ["SE segment count is off", (t) => t.replace("SE*56*", "SE*55*"), /SE01 says 55 segments, the transaction set has 56/],
  ["SE control number differs from ST02", (t) => t.replace("SE*56*0001", "SE*56*0002"), /SE02 \(0002\) must equal ST02/],
  ["wrong implementation guide", (t) => t.replace("ST*837*0001*005010X222A1", "ST*837*0001*005010X223A2"), /ST03 must be 005010X222A1/],
  ["billing provider loop 2010AA missing", (t) => t.replace(/NM1\*85\*[^~]*~\n/, ""), /loop 2010AA/],
  ["billing NPI fails its check digit", (t) => t.replace("XX*1245319599", "XX*1245319598"), /2010AA billing provider needs a valid NPI/],
  ["subscriber loop 2010BA missing", (t) => t.replace(/NM1\*IL\*1\*ALVAREZ[^~]*~\n/, ""), /subscriber HL 2: loop 2010BA/],
  ["a claim without diagnoses", (t) => t.replace("HI*ABK:E119*ABF:I10~\n", ""), /HI \(diagnoses\) is missing/],
  ["a pointer to a diagnosis that is not there", (t) => t.replace("SV1*HC:99490*66.13*UN*1***1:2~", "SV1*HC:99490*66.13*UN*1***1:3~"), /diagnosis pointer 3 points at no HI code/],
  ["line charges not adding up to the claim", (t) => t.replace("SV1*HC:99439*100.88", "SV1*HC:99439*100.80"), /service lines add up to 166.93, CLM02 says 167.01/],
  ["a service line without its date", (t) => t.replace(/(SV1\*HC:99490\*66\.13\*UN\*1\*\*\*1:2~\n)DTP\*472\*D8\*20261031~\n/, "$1"), /DTP\*472\*D8 service date is missing/],
  ["an impossible service date", (t) => t.replace("DTP*472*D8*20261031~\nHL*3", "DTP*472*D8*20261131~\nHL*3"), /DTP\*472\*D8 service date is missing or invalid/],
  ["LX numbering skips", (t) => t.replace("LX*2~\nSV1*HC:99439*50.44", "LX*3~\nSV1*HC:99439*50.44"), /LX01 must count/],
  ["HL numbering skips", (t) => t.replace("HL*3*1*22*0~", "HL*5*1*22*0~"), /HL01 must count/],
  ["no HL*20 parent", (t) => t.replace("HL*2*1*22*0~", "HL*2*9*22*0~"), /names parent 9/],
  ["a subscriber without an address", (t) => t.replace(/(NM1\*IL\*1\*ALVAREZ[^~]*~\n)N3\*[^~]*~\nN4\*[^~]*~\n/, "$1"), /subscriber HL 2: 2010BA needs the subscriber's address/],
  ["a subscriber without a Medicare id", (t) => t.replace("MI*1EG4TE5MK73", "MI"), /subscriber HL 2: 2010BA needs the Medicare id/],
  ["a rendering name with the comma of \"Last, First\"", (t) => t.replace("NM1*82*1*LOVELACE*ADA", "NM1*82*1*LOVELACE,*ADA MD"), /the name holds a comma/],
  ["no rendering provider while an organisation bills", (t) => t.replace(/NM1\*82\*[^~]*~\n/, ""), /2310B rendering provider is required when the billing provider is an organisation/],
  ["a telehealth place of service", (t) => t.replace("*11:B:1*", "*10:B:1*"), /place of service 10 is not one CCM is billed with/],
  ["an outpatient-hospital place of service", (t) => t.replace("*11:B:1*", "*22:B:1*"), /place of service 22 is not one CCM is billed with/],
  ["a replacement without REF*F8", (t) => t.replace("*11:B:1*", "*11:B:7*"), /a replacement or void needs REF\*F8/],
  ["an unknown frequency", (t) => t.replace("*11:B:1*", "*11:B:5*"), /frequency must be 1 \(original\), 7 \(replacement\) or 8 \(void\)/],
  ["two claims with one CLM01", (t) => t.replace("CLM*20261022222222222242", "CLM*20261011111111111141"), /is used by another claim of this file/],
  ["13 diagnoses", (t) => t.replace("HI*ABK:E119*ABF:I10~", `HI*ABK:E119${"*ABF:I10".repeat(12)}~`), /HI holds at most 12 diagnoses/],
];

/** The same for the 837I golden file (RHC/FQHC). */
const BROKEN_837I: [string, (text: string) => string, RegExp][] = [
  ["a type of bill that is not RHC or FQHC", (t) => t.replace("*77:A:1*", "*13:A:1*"), /CLM05 must be type of bill 71 \(RHC\) or 77 \(FQHC\)/],
  ["no attending provider", (t) => t.replace(/NM1\*71\*[^~]*~\nLX\*1~\nSV2\*0521\*HC:99490\*66\.13\*UN\*1~\nDTP\*472\*D8\*20261031~\nLX\*2/, "LX*1~\nSV2*0521*HC:99490*66.13*UN*1~\nDTP*472*D8*20261031~\nLX*2"), /2310A attending provider \(NM1\*71\) is missing/],
  ["no statement dates", (t) => t.replace("DTP*434*RD8*20261001-20261031~\nCL1***01~\nHI*ABK:G309", "CL1***01~\nHI*ABK:G309"), /DTP\*434\*RD8 statement dates/],
  ["a revenue code that is not one", (t) => t.replace("SV2*0521*HC:99439", "SV2*521*HC:99439"), /SV201 must be a 4-digit revenue code/],
  ["G0511 after its end", (t) => t.replace("SV2*0521*HC:99439", "SV2*0521*HC:G0511"), /G0511 is not payable for care management after September 30, 2025/],
  ["two principal diagnoses", (t) => t.replace("HI*ABK:G309~", "HI*ABK:G309*ABF:I10~"), /principal diagnosis HI holds exactly one ABK code/],
  ["the 837P implementation in ST03", (t) => t.replace("ST*837*0001*005010X223A2", "ST*837*0001*005010X222A1"), /ST03 must be 005010X223A2/],
];

describe("validate837p", () => {
  it("accepts the reviewed golden file", () => {
    expect(validate837p(golden)).toEqual([]);
  });

  it.each(BROKEN)("finds %s", (_name, breakIt, message) => {
    const broken = breakIt(golden);
    expect(broken).not.toBe(golden);
    expect(validate837p(broken).join("\n")).toMatch(message);
  });

  it("accepts the reviewed 837I golden file and the replacement/void golden file", () => {
    expect(validate837p(golden837i)).toEqual([]);
    expect(validate837p(corrections)).toEqual([]);
  });

  it.each(BROKEN_837I)("837I: finds %s", (_name, breakIt, message) => {
    const broken = breakIt(golden837i);
    expect(broken).not.toBe(golden837i);
    expect(validate837p(broken).join("\n")).toMatch(message);
  });

  it("refuses text that is not an interchange", () => {
    expect(validate837p("GS*HC~")).toEqual(["the interchange must start with ISA"]);
  });
});
