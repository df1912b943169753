import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validate837p } from "./x12-validator.js";

const golden = readFileSync(fileURLToPath(new URL("./fixtures/837p-2026-10.golden.txt", import.meta.url)), "utf8");

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

  it("refuses text that is not an interchange", () => {
    expect(validate837p("GS*HC~")).toEqual(["the interchange must start with ISA"]);
  });
});
