import { invalidInput } from "../../errors.js";
import { tokenizeX12, toIsoDate, type Segment } from "../remittance/x12-tokens.js";

/**
 * Reading a 271 eligibility response (005010X279A1) the way CMS's HETS 270/271 companion guide
 * describes Medicare's answer (docs/eligibility-271.md says what we rely on):
 * - 2110C EB*1 (active) / EB*6 (inactive) with EB04 MA (Part A) or MB (Part B), dated by
 *   DTP*307 (eligibility) or DTP*291 (plan), D8 or RD8;
 * - EB*R (other or additional payer) for service type 30 with a 2120C NM1*PRP or NM1*PR naming a
 *   Medicare Advantage plan (NM109: its contract number, e.g. H1234) dated by DTP*290 (coordination
 *   of benefits); an EB*R only for pharmacy (88) is a Part D plan, not Medicare Advantage;
 * - AAA in 2100C: the subscriber was rejected (72 invalid member id, 75 not found, …).
 */

export interface Period {
  from: string | null;
  to: string | null;
}

export interface PartPeriod extends Period {
  active: boolean;
}

export interface AdvantagePlan extends Period {
  name: string;
  /** NM109 of the 2120C loop (PI: the plan's CMS contract number, or a payer id). */
  planId: string | null;
}

export interface Rejection {
  code: string;
  reason: string;
}

/** One subscriber of a 271, as the payer answered. */
export interface SubscriberAnswer {
  position: number;
  /** TRN*2 trace numbers: the ones we sent in the 270 (TRN*1), echoed. */
  traceNumbers: string[];
  memberId: string;
  lastName: string;
  firstName: string;
  dateOfBirth: string | null;
  partA: PartPeriod[];
  partB: PartPeriod[];
  advantage: AdvantagePlan[];
  rejections: Rejection[];
}

export interface EligibilityResponse {
  payerName: string;
  /** BHT04: the day the payer answered; "current" is judged on this day. */
  respondedOn: string | null;
  subscribers: SubscriberAnswer[];
}

/** AAA03 reject reasons (X12 005010X279A1), the ones HETS returns for a subscriber, in words. */
const REJECT_REASONS: Record<string, string> = {
  "15": "required information is missing",
  "41": "authorization or access restrictions",
  "42": "the payer could not respond now",
  "43": "the provider's NPI is invalid or missing",
  "58": "the date of birth is invalid or missing",
  "64": "the patient's id is invalid or missing",
  "65": "the patient's name is invalid or missing",
  "67": "the patient was not found",
  "71": "the date of birth does not match the payer's records",
  "72": "the member id (MBI) is invalid or missing",
  "73": "the name is invalid or missing",
  "75": "the subscriber was not found",
  "76": "the member id is a duplicate",
  "79": "the payer's system is unavailable",
};
export const describeRejection = (code: string) => REJECT_REASONS[code] ?? `reject reason ${code}`;

function period(dtp: Segment): Period | null {
  const value = dtp.el(3);
  if (dtp.el(2) === "D8") {
    const day = toIsoDate(value);
    return day ? { from: day, to: null } : null;
  }
  if (dtp.el(2) === "RD8") {
    const [a = "", b = ""] = value.split("-");
    const from = toIsoDate(a);
    const to = toIsoDate(b);
    return from || to ? { from, to } : null;
  }
  return null;
}

interface Benefit {
  info: string;
  serviceTypes: string[];
  insuranceType: string;
  dates: Map<string, Period>;
  entities: { code: string; name: string; idQualifier: string; id: string }[];
}

/** Reads a 271; a file that is not one (or that is damaged) is refused with a message that says why. */
export function parse271(text: string): EligibilityResponse {
  const doc = tokenizeX12(text);
  if (doc.transactionSet !== "271") {
    throw invalidInput(`This is an X12 ${doc.transactionSet} file, not a 271 eligibility response. Upload the 271 your clearinghouse returned for the 270.`);
  }
  const repetition = doc.segments[0]!.el(11);
  const split = (value: string) => (value === "" ? [] : repetition && !/[0-9A-Z]/.test(repetition) ? value.split(repetition) : [value]);
  if (!doc.segments.some((s) => s.id === "SE")) throw invalidInput("The 271 has no SE segment: it looks cut off. Download it again from your clearinghouse.");

  let payerName = "";
  let sourceRejections: Rejection[] = [];
  const bht = doc.segments.find((s) => s.id === "BHT");
  const respondedOn = bht ? toIsoDate(bht.el(4)) : null;
  const subscribers: SubscriberAnswer[] = [];
  let level = "";
  let current: (SubscriberAnswer & { benefits: Benefit[] }) | null = null;
  let benefit: Benefit | null = null;
  let inEntityLoop = false;

  const finish = () => {
    if (!current) return;
    for (const b of current.benefits) summariseBenefit(current, b);
    const { benefits: _benefits, ...answer } = current;
    subscribers.push(answer);
    current = null;
  };

  for (const s of doc.segments) {
    switch (s.id) {
      case "HL":
        finish();
        level = s.el(3);
        benefit = null;
        inEntityLoop = false;
        if (level === "22" || level === "23") {
          current = { position: subscribers.length + 1, traceNumbers: [], memberId: "", lastName: "", firstName: "", dateOfBirth: null, partA: [], partB: [], advantage: [], rejections: [], benefits: [] };
        }
        break;
      case "NM1":
        if (level === "20" && s.el(1) === "PR") payerName = s.el(3);
        else if (current && inEntityLoop && benefit) benefit.entities.push({ code: s.el(1), name: s.el(3), idQualifier: s.el(8), id: s.el(9) });
        else if (current && (s.el(1) === "IL" || s.el(1) === "03")) {
          current.lastName = s.el(3);
          current.firstName = s.el(4);
          current.memberId = s.el(9);
        }
        break;
      case "TRN":
        if (current && s.el(1) === "2" && s.el(2)) current.traceNumbers.push(s.el(2));
        break;
      case "DMG":
        if (current && s.el(1) === "D8") current.dateOfBirth = toIsoDate(s.el(2));
        break;
      case "AAA": {
        const rejection = { code: s.el(3), reason: describeRejection(s.el(3)) };
        if (current && !benefit) current.rejections.push(rejection);
        else if (!current && (level === "20" || level === "21")) sourceRejections = [...sourceRejections, rejection];
        break;
      }
      case "EB":
        if (!current) break;
        benefit = { info: s.el(1), serviceTypes: split(s.el(3)), insuranceType: s.el(4), dates: new Map(), entities: [] };
        current.benefits.push(benefit);
        inEntityLoop = false;
        break;
      case "DTP":
        if (current && benefit && !inEntityLoop) {
          const p = period(s);
          if (p) benefit.dates.set(s.el(1), p);
        }
        break;
      case "LS":
        inEntityLoop = true;
        break;
      case "LE":
        inEntityLoop = false;
        break;
      case "SE":
        finish();
        break;
      default:
        break;
    }
  }
  finish();
  if (subscribers.length === 0) {
    const why = sourceRejections.map((r) => `${r.reason} (AAA ${r.code})`).join("; ");
    throw invalidInput(why ? `The payer refused the whole inquiry: ${why}. Nothing was changed; send the 270 again later.` : "The 271 holds no subscriber to read. Nothing was changed.");
  }
  return { payerName, respondedOn, subscribers };
}

// EB04 of a Medicare Advantage plan: HMO, HMO Medicare risk, special low-income HMO, indemnity, PPO, POS (or none). Medicare
// Secondary Payer records (EB04 12–16, 41–43, 47) name an employer or liability payer, not a plan that replaces Medicare.
const MEDICARE_ADVANTAGE_INSURANCE_TYPES = new Set(["HM", "HN", "HS", "IN", "PR", "PS", ""]);

function summariseBenefit(answer: SubscriberAnswer, b: Benefit) {
  const dates = b.dates.get("307") ?? b.dates.get("291") ?? b.dates.get("346") ?? null;
  if ((b.info === "1" || b.info === "6") && (b.insuranceType === "MA" || b.insuranceType === "MB")) {
    const part: PartPeriod = { active: b.info === "1", from: dates?.from ?? null, to: dates?.to ?? null };
    (b.insuranceType === "MA" ? answer.partA : answer.partB).push(part);
    return;
  }
  if (b.info === "R") {
    // A Part D plan is answered as EB*R for pharmacy (88) only; Medicare Advantage covers 30.
    const healthPlan = b.serviceTypes.length === 0 || b.serviceTypes.includes("30");
    const plan = b.entities.find((e) => e.code === "PRP" || e.code === "PR");
    if (!healthPlan || !plan || !MEDICARE_ADVANTAGE_INSURANCE_TYPES.has(b.insuranceType)) return;
    // Contract numbers of stand-alone drug plans start with S.
    if (/^S\d{4}$/.test(plan.id)) return;
    const coordination = b.dates.get("290") ?? dates;
    answer.advantage.push({ name: plan.name, planId: plan.id || null, from: coordination?.from ?? null, to: coordination?.to ?? null });
  }
}

/** What the answer says on a day: enrolled in Medicare Advantage, traditional, no Part B, or rejected. */
export type Standing = "traditional" | "medicare_advantage" | "inactive" | "rejected";

const holds = (p: Period, day: string) => (p.from === null || p.from <= day) && (p.to === null || p.to >= day);

/** The Part B period in force on the day, else the latest one (by start, then end). */
export function partBOn(answer: SubscriberAnswer, day: string): PartPeriod | null {
  const inForce = answer.partB.filter((p) => holds(p, day));
  const pick = inForce.find((p) => p.active) ?? inForce[0];
  if (pick) return pick;
  return [...answer.partB].sort((a, b) => (a.from ?? "").localeCompare(b.from ?? "") || (a.to ?? "9999").localeCompare(b.to ?? "9999")).at(-1) ?? null;
}

/** The Medicare Advantage enrolment in force on the day, or starting after it (a future enrolment is still news). */
export function advantageOn(answer: SubscriberAnswer, day: string): AdvantagePlan | null {
  return answer.advantage.find((p) => holds(p, day)) ?? answer.advantage.filter((p) => p.from !== null && p.from > day).sort((a, b) => a.from!.localeCompare(b.from!))[0] ?? null;
}

export function standingOn(answer: SubscriberAnswer, day: string): Standing {
  if (answer.rejections.length > 0 && answer.partA.length + answer.partB.length + answer.advantage.length === 0) return "rejected";
  if (advantageOn(answer, day)) return "medicare_advantage";
  const b = partBOn(answer, day);
  if (!b || !b.active || (b.to !== null && b.to < day)) return "inactive";
  return "traditional";
}
