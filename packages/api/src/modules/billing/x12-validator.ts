import { isValidNpi } from "@carefold/ccm-rules";

const P = "005010X222A1";
const I = "005010X223A2";
type Guide = typeof P | typeof I;

/**
 * SBR09 claim filing indicators our claims use (005010X222A1/X223A2 code list): MA Medicare Part A,
 * MB Medicare Part B, 16 HMO Medicare Risk (Medicare Advantage), MC Medicaid, CI commercial
 * insurance (decision 0052).
 */
const FILING_INDICATORS = new Set(["MA", "MB", "16", "MC", "CI"]);
/** CCM places of service at non-facility amounts (x12-837p CCM_PLACES_OF_SERVICE; decision 0045). */
const PLACES = new Set(["11", "49"]);
/** Type of bill facility digits for RHC (71) and FQHC (77) care management (decision 0044). */
const BILL_TYPES = new Set(["71", "77"]);
/** G0511 is not payable for RHC/FQHC care management furnished from this date (ccm-rules spec §9). */
const G0511_LAST_DAY = "20250930";

/**
 * A structural validator for 837P (005010X222A1) and 837I (005010X223A2) interchanges, as our
 * exports write them. It is not a full SNIP validator: it checks what makes a file rejected at the
 * front door — envelope control numbers and counts (ISA/IEA, GS/GE, ST/SE), the hierarchy (2000A
 * billing provider → 2000B subscriber), the required loops (2010AA, 2010BA with the subscriber's
 * Medicare id and address, 2010BB, 2300, 2310A attending or 2310B rendering, 2400) and their key
 * segments, NPIs (check digit), person names, HI diagnosis codes (≤ 12) and SV1 pointers (≤ 4)
 * into them, place of service or type of bill, claim frequency with REF*F8 on replacements and
 * voids, unique claim ids, line charges adding up to CLM02, and DTP dates. Returns every problem
 * found (empty = valid).
 */
export function validate837(text: string): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(message);
  if (!text.startsWith("ISA")) return ["the interchange must start with ISA"];
  const isaRaw = text.slice(0, 106);
  const elementSep = text[3]!;
  const segmentSep = isaRaw[105]!;
  const componentSep = isaRaw[104]!;
  if (isaRaw.split(elementSep).length !== 17) fail("ISA must have 16 elements in its fixed 106 characters");
  const segments = text
    .split(segmentSep)
    .map((s) => s.replace(/^[\r\n]+/, ""))
    .filter((s) => s.length > 0)
    .map((s) => s.split(elementSep));
  const id = (s: string[]) => s[0]!;
  const isa = segments[0]!;
  const iea = segments.at(-1)!;
  if (id(iea) !== "IEA") return [...errors, "the interchange must end with IEA"];
  if (isa[12] !== "00501") fail(`ISA12 version must be 00501, found ${isa[12]}`);
  if (!/^\d{9}$/.test(isa[13] ?? "")) fail("ISA13 must be a 9-digit control number");
  if (isa[13] !== iea[2]) fail(`IEA02 (${iea[2]}) must equal ISA13 (${isa[13]})`);
  if (!["P", "T"].includes(isa[15] ?? "")) fail("ISA15 must be P or T");

  let groups = 0;
  let i = 1;
  while (i < segments.length - 1) {
    const gs = segments[i]!;
    if (id(gs) !== "GS") {
      fail(`expected GS at segment ${i + 1}, found ${id(gs)}`);
      break;
    }
    groups += 1;
    if (gs[1] !== "HC") fail("GS01 must be HC (health care claim)");
    const guide: Guide = gs[8] === I ? I : P;
    if (gs[8] !== P && gs[8] !== I) fail(`GS08 must be 005010X222A1 (837P) or 005010X223A2 (837I), found ${gs[8]}`);
    let sets = 0;
    i += 1;
    while (i < segments.length && id(segments[i]!) === "ST") {
      const end = segments.findIndex((s, k) => k > i && id(s) === "SE");
      if (end < 0) {
        fail("ST without SE");
        return errors;
      }
      sets += 1;
      validateTransaction(segments.slice(i, end + 1), componentSep, guide, fail);
      i = end + 1;
    }
    const ge = segments[i];
    if (!ge || id(ge) !== "GE") {
      fail("a functional group must end with GE");
      break;
    }
    if (ge[2] !== gs[6]) fail(`GE02 (${ge[2]}) must equal GS06 (${gs[6]})`);
    if (Number(ge[1]) !== sets) fail(`GE01 says ${ge[1]} transaction set(s), the group has ${sets}`);
    i += 1;
  }
  if (Number(iea[1]) !== groups) fail(`IEA01 says ${iea[1]} group(s), the interchange has ${groups}`);
  return errors;
}

/** The 837P validator (the name the tests and callers know); 837I files are checked by the same function. */
export const validate837p = validate837;

function validateTransaction(set: string[][], componentSep: string, guide: Guide, fail: (m: string) => void) {
  const st = set[0]!;
  const se = set.at(-1)!;
  if (st[1] !== "837") fail("ST01 must be 837");
  if (st[3] !== guide) fail(`ST03 must be ${guide}`);
  if (st[2] !== se[2]) fail(`SE02 (${se[2]}) must equal ST02 (${st[2]})`);
  if (Number(se[1]) !== set.length) fail(`SE01 says ${se[1]} segments, the transaction set has ${set.length}`);
  if (set[1]?.[0] !== "BHT") fail("BHT must follow ST");
  if (!set.some((s) => s[0] === "NM1" && s[1] === "41")) fail("loop 1000A (submitter NM1*41) is missing");
  if (!set.some((s) => s[0] === "NM1" && s[1] === "40")) fail("loop 1000B (receiver NM1*40) is missing");

  const hls = set.map((s, k) => ({ s, k })).filter(({ s }) => s[0] === "HL");
  const levels = new Map<string, string>();
  hls.forEach(({ s }, n) => {
    if (s[1] !== String(n + 1)) fail(`HL01 must count 1, 2, 3…; found ${s[1]} at HL #${n + 1}`);
    if (s[2] && !levels.has(s[2])) fail(`HL ${s[1]} names parent ${s[2]}, which does not exist before it`);
    levels.set(s[1]!, s[3]!);
  });
  const providers = hls.filter(({ s }) => s[3] === "20");
  if (providers.length === 0) fail("loop 2000A (billing provider HL*20) is missing");
  let billingIsOrganisation = false;
  const claimIds = new Set<string>();
  hls.forEach(({ s, k }, n) => {
    const loop = set.slice(k + 1, hls[n + 1]?.k ?? set.length - 1);
    if (s[3] === "20") billingIsOrganisation = validateBillingProvider(loop, fail);
    else if (s[3] === "22") {
      if (levels.get(s[2] ?? "") !== "20") fail(`subscriber HL ${s[1]} must have a billing provider (HL*20) as parent`);
      validateSubscriber(s[1]!, loop, { componentSep, guide, billingIsOrganisation, claimIds }, fail);
    } else fail(`HL03 ${s[3]} is not used in our claims (20 or 22)`);
  });
}

interface ClaimContext {
  componentSep: string;
  guide: Guide;
  /** 2010AA NM102 is 2: an organisation bills, so the 837P must name the rendering person (2310B). */
  billingIsOrganisation: boolean;
  /** CLM01 values seen so far: one claim per patient-month per file. */
  claimIds: Set<string>;
}

/** NM1 person name (NM103 last, NM104 first): present, and free of the commas a "Last, First" display name leaves. */
function checkPersonName(where: string, nm1: string[], fail: (m: string) => void) {
  if (nm1[2] !== "1") return;
  if (!nm1[3] || !nm1[4]) fail(`${where}: a person needs a last and a first name (NM103/NM104)`);
  if (/[,]/.test(`${nm1[3] ?? ""}${nm1[4] ?? ""}${nm1[5] ?? ""}`)) fail(`${where}: the name holds a comma (${nm1[3]}, ${nm1[4]}); last and first name go in their own elements`);
}

/** Returns whether the billing provider is an organisation (NM102 2). */
function validateBillingProvider(loop: string[][], fail: (m: string) => void): boolean {
  const nm1 = loop.find((s) => s[0] === "NM1" && s[1] === "85");
  if (!nm1) {
    fail("loop 2010AA (billing provider NM1*85) is missing");
    return false;
  }
  if (nm1[8] !== "XX" || !isValidNpi(nm1[9] ?? "")) fail(`2010AA billing provider needs a valid NPI (XX), found ${nm1[9]}`);
  if (!loop.some((s) => s[0] === "N3")) fail("2010AA needs N3 (address)");
  const n4 = loop.find((s) => s[0] === "N4");
  if (!n4 || !/^\d{9}$/.test(n4[3] ?? "")) fail("2010AA needs N4 with a 9-digit ZIP code");
  const ref = loop.find((s) => s[0] === "REF" && s[1] === "EI");
  if (!ref || !/^\d{9}$/.test(ref[2] ?? "")) fail("2010AA needs REF*EI with the 9-digit tax id");
  return nm1[2] === "2";
}

function validateSubscriber(hl: string, loop: string[][], context: ClaimContext, fail: (m: string) => void) {
  const where = `subscriber HL ${hl}`;
  if (loop[0]?.[0] !== "SBR") fail(`${where}: SBR must follow HL`);
  const il = loop.find((s) => s[0] === "NM1" && s[1] === "IL");
  if (!il) fail(`${where}: loop 2010BA (subscriber NM1*IL) is missing`);
  else {
    // SBR09 MB/MA: traditional Medicare, whose member id is the MBI; any other plan: its member id.
    const filing = loop[0]?.[0] === "SBR" ? (loop[0][9] ?? "") : "";
    if (!FILING_INDICATORS.has(filing)) fail(`${where}: SBR09 claim filing indicator must be one of ${[...FILING_INDICATORS].join(", ")}, found ${filing || "nothing"}`);
    if (filing === "MB" || filing === "MA") {
      if (il[8] !== "MI" || !/^[1-9][A-Z0-9]{10}$/.test(il[9] ?? "")) fail(`${where}: 2010BA needs the Medicare id (MI, 11 characters)`);
    } else if (il[8] !== "MI" || !/^[0-9A-Z-]{1,80}$/.test(il[9] ?? "")) fail(`${where}: 2010BA needs the plan's member id (MI, 1–80 letters, digits or dashes)`);
    checkPersonName(`${where} 2010BA`, il, fail);
    // The patient is the subscriber (SBR02 18): then the subscriber's address is required.
    const ilAt = loop.indexOf(il);
    const n3 = loop[ilAt + 1];
    const n4 = loop[ilAt + 2];
    if (loop[0]?.[2] === "18" && (n3?.[0] !== "N3" || !n3[1] || n4?.[0] !== "N4" || !n4[1] || !/^[A-Z]{2}$/.test(n4[2] ?? "") || !/^\d{5}(\d{4})?$/.test(n4[3] ?? ""))) {
      fail(`${where}: 2010BA needs the subscriber's address (N3, N4 with city, state and ZIP) when the patient is the subscriber`);
    }
  }
  const dmg = loop.find((s) => s[0] === "DMG");
  if (!dmg || dmg[1] !== "D8" || !isDate(dmg[2])) fail(`${where}: 2010BA needs DMG with a D8 birth date`);
  if (!loop.some((s) => s[0] === "NM1" && s[1] === "PR")) fail(`${where}: loop 2010BB (payer NM1*PR) is missing`);
  const claims = loop.map((s, k) => ({ s, k })).filter(({ s }) => s[0] === "CLM");
  if (claims.length === 0) fail(`${where}: no claim (loop 2300)`);
  claims.forEach(({ s, k }, n) => validateClaim(`${where} claim ${s[1]}`, s, loop.slice(k + 1, claims[n + 1]?.k ?? loop.length), context, fail));
}

function validateClaim(where: string, clm: string[], loop: string[][], context: ClaimContext, fail: (m: string) => void) {
  const { componentSep, guide } = context;
  if (!clm[1] || clm[1].length > 20) fail(`${where}: CLM01 must be 1–20 characters (Medicare keeps 20)`);
  else if (context.claimIds.has(clm[1])) fail(`${where}: CLM01 ${clm[1]} is used by another claim of this file`);
  context.claimIds.add(clm[1] ?? "");
  const total = toCents(clm[2]);
  if (total === null) fail(`${where}: CLM02 must be an amount`);
  const facility = (clm[5] ?? "").split(componentSep);
  if (guide === P) {
    if (!/^\d{2}$/.test(facility[0] ?? "") || facility[1] !== "B") fail(`${where}: CLM05 must be place of service:B:frequency`);
    else if (!PLACES.has(facility[0]!)) fail(`${where}: place of service ${facility[0]} is not one CCM is billed with at non-facility amounts (11 or 49)`);
  } else if (!BILL_TYPES.has(facility[0] ?? "") || facility[1] !== "A") fail(`${where}: CLM05 must be type of bill 71 (RHC) or 77 (FQHC):A:frequency`);
  const frequency = facility[2] ?? "";
  if (!["1", "7", "8"].includes(frequency)) fail(`${where}: CLM05-3 frequency must be 1 (original), 7 (replacement) or 8 (void), found ${frequency || "nothing"}`);
  const f8 = loop.find((s) => s[0] === "REF" && s[1] === "F8");
  if ((frequency === "7" || frequency === "8") && !f8?.[2]) fail(`${where}: a replacement or void needs REF*F8 with the payer's claim number of the original`);
  if (frequency === "1" && f8) fail(`${where}: an original claim carries no REF*F8`);
  const his = loop.filter((s) => s[0] === "HI");
  const hi = his.length > 0 ? his[0] : undefined;
  const diagnoses = his.flatMap((s) => s.slice(1));
  if (!hi || diagnoses.length === 0) fail(`${where}: HI (diagnoses) is missing`);
  if (guide === I && hi && hi.length !== 2) fail(`${where}: the principal diagnosis HI holds exactly one ABK code`);
  diagnoses.forEach((d, n) => {
    const [qualifier, code] = d.split(componentSep);
    if (qualifier !== (n === 0 ? "ABK" : "ABF")) fail(`${where}: HI${n + 1} qualifier must be ${n === 0 ? "ABK" : "ABF"}`);
    if (!/^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/.test(code ?? "")) fail(`${where}: HI${n + 1} is not an ICD-10-CM code without its dot: ${code}`);
  });
  if (diagnoses.length > 12) fail(`${where}: HI holds at most 12 diagnoses`);
  validateOtherPayers(where, loop, guide, fail);
  if (guide === P) {
    const rendering = loop.find((s) => s[0] === "NM1" && s[1] === "82");
    if (!rendering && context.billingIsOrganisation) fail(`${where}: 2310B rendering provider is required when the billing provider is an organisation`);
    if (rendering && (rendering[8] !== "XX" || !isValidNpi(rendering[9] ?? ""))) fail(`${where}: 2310B rendering provider needs a valid NPI`);
    if (rendering) checkPersonName(`${where} 2310B`, rendering, fail);
  } else {
    const statement = loop.find((s) => s[0] === "DTP" && s[1] === "434");
    if (!statement || statement[2] !== "RD8" || !/^\d{8}-\d{8}$/.test(statement[3] ?? "") || !statement[3]!.split("-").every(isDate)) fail(`${where}: DTP*434*RD8 statement dates are missing or invalid`);
    if (!loop.some((s) => s[0] === "CL1" && s[3])) fail(`${where}: CL1 with the patient status (CL103) is missing`);
    const attending = loop.find((s) => s[0] === "NM1" && s[1] === "71");
    if (!attending) fail(`${where}: 2310A attending provider (NM1*71) is missing`);
    else {
      if (attending[8] !== "XX" || !isValidNpi(attending[9] ?? "")) fail(`${where}: 2310A attending provider needs a valid NPI`);
      checkPersonName(`${where} 2310A`, attending, fail);
    }
  }

  const lxs = loop.map((s, k) => ({ s, k })).filter(({ s }) => s[0] === "LX");
  if (lxs.length === 0) fail(`${where}: no service line (loop 2400)`);
  let sum = 0;
  lxs.forEach(({ s, k }, n) => {
    const line = `${where} line ${n + 1}`;
    if (s[1] !== String(n + 1)) fail(`${line}: LX01 must count 1, 2, 3…`);
    const lineLoop = loop.slice(k + 1, lxs[n + 1]?.k ?? loop.length);
    const dtp = lineLoop.find((x) => x[0] === "DTP" && x[1] === "472");
    if (!dtp || dtp[2] !== "D8" || !isDate(dtp[3])) fail(`${line}: DTP*472*D8 service date is missing or invalid`);
    if (guide === I) {
      const charge = validateSv2(line, lineLoop, componentSep, dtp?.[3] ?? "", fail);
      if (charge !== null) sum += charge;
      return;
    }
    const sv1 = lineLoop.find((x) => x[0] === "SV1");
    if (!sv1) return fail(`${line}: SV1 is missing`);
    const [qualifier, code] = (sv1[1] ?? "").split(componentSep);
    if (qualifier !== "HC" || !/^[0-9A-Z]{5}$/.test(code ?? "")) fail(`${line}: SV101 must be HC:<CPT/HCPCS>`);
    const charge = toCents(sv1[2]);
    if (charge === null) fail(`${line}: SV102 must be an amount`);
    else sum += charge;
    if (sv1[3] !== "UN" || !/^[1-9]\d*$/.test(sv1[4] ?? "")) fail(`${line}: SV103/SV104 must be UN and a whole number of units`);
    const pointers = (sv1[7] ?? "").split(componentSep).filter(Boolean);
    if (pointers.length === 0 || pointers.length > 4) fail(`${line}: SV107 needs 1–4 diagnosis pointers`);
    for (const p of pointers) if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > diagnoses.length) fail(`${line}: diagnosis pointer ${p} points at no HI code`);
  });
  if (total !== null && lxs.length > 0 && sum !== total) fail(`${where}: service lines add up to ${sum / 100}, CLM02 says ${total / 100}`);
}

/**
 * Coordination of benefits (2320/2330A/2330B) before the service lines: each other payer's SBR
 * (SBR01 S or T, SBR02, SBR09 from the code list), then OI (OI03 benefits assignment, OI06 release
 * of information; OI04 on the 837P only), the other subscriber NM1*IL with MI and the other payer
 * NM1*PR with PI.
 */
function validateOtherPayers(where: string, claimLoop: string[][], guide: Guide, fail: (m: string) => void) {
  const firstLine = claimLoop.findIndex((s) => s[0] === "LX");
  const loop = firstLine < 0 ? claimLoop : claimLoop.slice(0, firstLine);
  loop.forEach((s, k) => {
    if (s[0] !== "SBR") return;
    const at = `${where} 2320 (other payer ${s[1]})`;
    if (!["S", "T"].includes(s[1] ?? "")) fail(`${at}: SBR01 must be S (secondary) or T (tertiary)`);
    if (!s[2]) fail(`${at}: SBR02 (relationship to the insured) is required`);
    if (!FILING_INDICATORS.has(s[9] ?? "")) fail(`${at}: SBR09 claim filing indicator is missing or not in the code list`);
    const nextSbr = loop.findIndex((x, n) => n > k && x[0] === "SBR");
    const next = loop.slice(k + 1, nextSbr < 0 ? loop.length : nextSbr);
    const oi = next.find((x) => x[0] === "OI");
    if (!oi || oi[3] !== "Y" || oi[6] !== "Y" || (guide === P && !oi[4])) fail(`${at}: OI with benefits assignment (OI03)${guide === P ? ", patient signature source (OI04)" : ""} and release of information (OI06) is required`);
    const other = next.find((x) => x[0] === "NM1" && x[1] === "IL");
    if (!other || other[8] !== "MI" || !other[9]) fail(`${at}: loop 2330A (other subscriber NM1*IL with MI) is missing`);
    const payer = next.find((x) => x[0] === "NM1" && x[1] === "PR");
    if (!payer || payer[8] !== "PI" || !payer[9]) fail(`${at}: loop 2330B (other payer NM1*PR with PI) is missing`);
  });
}

/** An 837I service line: SV2 revenue code, HC procedure, charge, units. Returns the charge in cents. */
function validateSv2(line: string, lineLoop: string[][], componentSep: string, serviceDate: string, fail: (m: string) => void): number | null {
  const sv2 = lineLoop.find((x) => x[0] === "SV2");
  if (!sv2) {
    fail(`${line}: SV2 is missing`);
    return null;
  }
  if (!/^[0-3]\d{3}$/.test(sv2[1] ?? "")) fail(`${line}: SV201 must be a 4-digit revenue code`);
  const [qualifier, code] = (sv2[2] ?? "").split(componentSep);
  if (qualifier !== "HC" || !/^[0-9A-Z]{5}$/.test(code ?? "")) fail(`${line}: SV202 must be HC:<CPT/HCPCS>`);
  if (code === "G0511" && serviceDate > G0511_LAST_DAY) fail(`${line}: G0511 is not payable for care management after September 30, 2025; bill the individual care-management codes`);
  if (sv2[4] !== "UN" || !/^[1-9]\d*$/.test(sv2[5] ?? "")) fail(`${line}: SV204/SV205 must be UN and a whole number of units`);
  const charge = toCents(sv2[3]);
  if (charge === null) fail(`${line}: SV203 must be an amount`);
  return charge;
}

function toCents(amount: string | undefined): number | null {
  if (!amount || !/^\d+(\.\d{1,2})?$/.test(amount)) return null;
  return Math.round(Number(amount) * 100);
}

function isDate(value: string | undefined): boolean {
  if (!value || !/^\d{8}$/.test(value)) return false;
  const d = new Date(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10).replaceAll("-", "") === value;
}
