import { clean, closeInterchange, envelopeHeader, segment, ymd, type Envelope } from "../billing/x12-common.js";
import { tokenizeX12 } from "../remittance/x12-tokens.js";

/** The eligibility inquiry's implementation guide (GS08, ST03). */
export const X279 = "005010X279A1";

/** MBI format (CMS "Understanding the MBI"): the same check the database makes on Medicare coverage. */
export const MBI = /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$/;

/** The clinic asking (2100B information receiver) and its clearinghouse ids. */
export interface InquiryReceiver {
  /** The clinic's billing name and NPI (2100B NM1*1P … XX). */
  name: string;
  npi: string;
  /** The clinic's EIN: TRN03 is "1" + EIN, the originator of the trace numbers. */
  taxId: string;
  submitterId: string;
  /** ISA08/GS03: the payer's receiver id, else the billing setting's. */
  receiverId: string;
}

/** The payer asked (2100A information source). */
export interface InquirySource {
  name: string;
  /** NM109 with PI: the payer id the clearinghouse routes on. */
  ediPayerId: string;
  /** Traditional Medicare: member ids must be MBIs. */
  medicare: boolean;
}

export interface InquirySubscriber {
  /** TRN02: ours, unique per clinic; the 271 echoes it in TRN*2. */
  traceNumber: string;
  lastName: string;
  firstName: string;
  memberId: string;
  dateOfBirth: string;
}

/** 2000C + 2100C + 2110C of one subscriber: trace, name and member id, birth date, as-of date, EQ*30. */
function subscriberSegments(s: InquirySubscriber, hl: number, receiver: InquiryReceiver, asOf: string): string[] {
  return [
    segment("HL", hl, 2, "22", "0"),
    segment("TRN", "1", s.traceNumber, `1${receiver.taxId}`),
    segment("NM1", "IL", "1", clean(s.lastName), clean(s.firstName), "", "", "", "MI", clean(s.memberId).replace(/[^0-9A-Z]/g, "")),
    segment("DMG", "D8", ymd(s.dateOfBirth)),
    segment("DTP", "291", "D8", ymd(asOf)),
    // 30: health benefit plan coverage, the generic inquiry HETS and every payer answers.
    segment("EQ", "30"),
  ];
}

/**
 * A 270 eligibility inquiry (005010X279A1): one interchange, one transaction, one information
 * source (the payer), the clinic as information receiver, and one 2000C subscriber per patient.
 * Names are cleaned of delimiters and upper-cased by the shared `clean`.
 */
export function build270(source: InquirySource, receiver: InquiryReceiver, subscribers: readonly InquirySubscriber[], envelope: Envelope, asOf: string): string {
  if (subscribers.length === 0) throw new Error("a 270 needs at least one subscriber");
  const date = envelope.createdAt.toISOString();
  const header = envelopeHeader(receiver, envelope, X279, "HS");
  const body = [
    segment("ST", "270", "0001", X279),
    // 0022 information source–receiver–subscriber; 13 request.
    segment("BHT", "0022", "13", String(envelope.controlNumber), ymd(date.slice(0, 10)), date.slice(11, 13) + date.slice(14, 16)),
    segment("HL", 1, "", "20", "1"),
    segment("NM1", "PR", "2", clean(source.name), "", "", "", "", "PI", source.ediPayerId),
    segment("HL", 2, 1, "21", "1"),
    segment("NM1", "1P", "2", clean(receiver.name), "", "", "", "", "XX", receiver.npi),
    ...subscribers.flatMap((s, i) => subscriberSegments(s, 3 + i, receiver, asOf)),
  ];
  return closeInterchange(header, body, envelope);
}

/**
 * What is wrong with a 270 we built, in words (empty: nothing). Checked before a file is stored,
 * like validate837: envelope and control numbers, segment count, the HL tree (20 → 21 → 22), and
 * each subscriber's trace number, member id (an MBI for traditional Medicare), birth date and EQ.
 */
export function validate270(text: string, opts: { medicare: boolean }): string[] {
  const findings: string[] = [];
  let doc;
  try {
    doc = tokenizeX12(text);
  } catch (error) {
    return [(error as Error).message];
  }
  const segs = doc.segments;
  const isa = segs[0]!;
  const gs = segs.find((s) => s.id === "GS")!;
  const ge = segs.find((s) => s.id === "GE");
  const iea = segs.at(-1)!;
  if (gs.el(1) !== "HS") findings.push(`GS01 is ${gs.el(1)}, not HS`);
  if (gs.el(8) !== X279) findings.push(`GS08 is ${gs.el(8)}, not ${X279}`);
  if (isa.el(13) !== iea.el(2)) findings.push("ISA13 and IEA02 differ");
  if (!ge || ge.el(2) !== gs.el(6)) findings.push("GS06 and GE02 differ");
  if (Number(isa.el(13)) !== Number(gs.el(6))) findings.push("ISA13 and GS06 differ");
  const stAt = segs.findIndex((s) => s.id === "ST");
  const seAt = segs.findIndex((s) => s.id === "SE");
  const st = segs[stAt]!;
  if (st.el(1) !== "270" || st.el(3) !== X279) findings.push(`ST is ${st.el(1)} ${st.el(3)}, not 270 ${X279}`);
  if (seAt < 0) return [...findings, "no SE segment"];
  if (Number(segs[seAt]!.el(1)) !== seAt - stAt + 1) findings.push(`SE01 says ${segs[seAt]!.el(1)} segments, the transaction has ${seAt - stAt + 1}`);
  if (segs[seAt]!.el(2) !== st.el(2)) findings.push("ST02 and SE02 differ");

  const levels = new Map<string, string>();
  let subscriber: { hl: string; trn: boolean; member: boolean; dob: boolean; eq: boolean } | null = null;
  const closeSubscriber = () => {
    if (!subscriber) return;
    const missing = [!subscriber.trn && "TRN", !subscriber.member && "NM1*IL with a member id", !subscriber.dob && "DMG", !subscriber.eq && "EQ"].filter(Boolean);
    if (missing.length) findings.push(`subscriber HL ${subscriber.hl} lacks ${missing.join(", ")}`);
    subscriber = null;
  };
  let expectedHl = 1;
  for (const s of segs.slice(stAt, seAt)) {
    if (s.id === "HL") {
      closeSubscriber();
      if (Number(s.el(1)) !== expectedHl) findings.push(`HL ${s.el(1)} is out of sequence (expected ${expectedHl})`);
      expectedHl += 1;
      const parent = { "20": "", "21": "20", "22": "21" }[s.el(3)];
      if (parent === undefined) findings.push(`HL ${s.el(1)} has level ${s.el(3)}`);
      else if ((parent === "" ? "" : levels.get(s.el(2))) !== parent) findings.push(`HL ${s.el(1)} (level ${s.el(3)}) does not hang under a level ${parent || "none"}`);
      levels.set(s.el(1), s.el(3));
      if (s.el(3) === "22") subscriber = { hl: s.el(1), trn: false, member: false, dob: false, eq: false };
    } else if (s.id === "NM1" && s.el(1) === "PR") {
      if (s.el(8) !== "PI" || !/^[0-9A-Z]{2,80}$/.test(s.el(9))) findings.push("the information source has no payer id (NM1*PR … PI)");
    } else if (s.id === "NM1" && s.el(1) === "1P") {
      if (s.el(8) !== "XX" || !/^\d{10}$/.test(s.el(9))) findings.push("the information receiver has no NPI (NM1*1P … XX)");
    } else if (subscriber && s.id === "TRN") {
      subscriber.trn = s.el(1) === "1" && /^[0-9A-Z]{1,50}$/.test(s.el(2)) && /^1\d{9}$/.test(s.el(3));
    } else if (subscriber && s.id === "NM1" && s.el(1) === "IL") {
      subscriber.member = s.el(8) === "MI" && s.el(9) !== "" && s.el(3) !== "";
      if (opts.medicare && !MBI.test(s.el(9))) findings.push(`subscriber HL ${subscriber.hl}: the member id is not an MBI`);
    } else if (subscriber && s.id === "DMG") {
      subscriber.dob = s.el(1) === "D8" && /^\d{8}$/.test(s.el(2));
    } else if (subscriber && s.id === "EQ") {
      subscriber.eq = s.el(1) !== "";
    }
  }
  closeSubscriber();
  if (![...levels.values()].includes("22")) findings.push("the inquiry has no subscriber");
  return findings;
}
