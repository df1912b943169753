/**
 * Real-time eligibility through a clearinghouse (issue 24 item 4): one X12 270 interchange out, the
 * payer's 271 back. A real adapter (a clearinghouse's HTTPS or CORE SOAP/MIME endpoint) implements
 * this; the local stand-in below answers without a network. The caller builds and validates the 270
 * and reads the 271 exactly as for files a clinic uploads.
 */
export interface EligibilityClearinghouse {
  exchange(inquiry270: string): Promise<string>;
}

/**
 * What the stand-in answers for a member id: the 2110C segments (EB/DTP/LS/NM1/LE…) or a 2100C
 * AAA, as text without terminators. Unknown member ids get AAA*N**75*C (subscriber not found).
 */
export type StandInAnswers = ReadonlyMap<string, readonly string[]>;

const NOT_FOUND = ["AAA*N**75*C"];

/**
 * A local clearinghouse: reads a 270 written with `*` elements and `~` terminators (ours), and
 * answers each 2000C subscriber with TRN*2 echoing its trace, its NM1*IL and DMG, and the canned
 * segments of its member id, in a 271 envelope whose sender and receiver are the 270's swapped.
 */
export function createLocalEligibilityClearinghouse(answers: StandInAnswers): EligibilityClearinghouse {
  return {
    async exchange(inquiry270: string) {
      const segments = inquiry270.split("~").map((s) => s.replace(/^[\r\n]+/, "")).filter((s) => s.trim() !== "");
      const isa = segments[0]?.split("*") ?? [];
      if (isa[0] !== "ISA" || isa.length < 17) throw new Error("The stand-in reads X12 270s that start with an ISA segment.");
      const gs = segments.find((s) => s.startsWith("GS*"))?.split("*") ?? [];
      const st = segments.find((s) => s.startsWith("ST*"))?.split("*") ?? [];
      if (st[1] !== "270") throw new Error("The stand-in answers 270 inquiries only.");
      const control = isa[13]!;
      const out271: string[] = [];
      let hl = 0;
      let subscriber: { trn: string; nm1: string; dmg: string; memberId: string } | null = null;
      const flush = () => {
        if (!subscriber) return;
        out271.push(`TRN*2*${subscriber.trn}`, subscriber.nm1, ...(subscriber.dmg ? [subscriber.dmg] : []), ...(answers.get(subscriber.memberId) ?? NOT_FOUND));
        subscriber = null;
      };
      for (const s of segments) {
        const e = s.split("*");
        if (e[0] === "HL") {
          flush();
          hl += 1;
          out271.push(s);
          if (e[3] === "22") subscriber = { trn: "", nm1: "", dmg: "", memberId: "" };
        } else if (e[0] === "NM1" && (e[1] === "PR" || e[1] === "1P")) out271.push(s);
        else if (subscriber && e[0] === "TRN") subscriber.trn = e.slice(2).join("*");
        else if (subscriber && e[0] === "NM1" && e[1] === "IL") {
          subscriber.nm1 = s;
          subscriber.memberId = e[9] ?? "";
        } else if (subscriber && e[0] === "DMG") subscriber.dmg = s;
      }
      flush();
      if (hl === 0) throw new Error("The 270 has no HL loops.");
      const now = new Date().toISOString();
      const date = now.slice(0, 10).replaceAll("-", "");
      const time = now.slice(11, 13) + now.slice(14, 16);
      const body = ["ST*271*0001*005010X279A1", `BHT*0022*11*${Number(control)}*${date}*${time}`, ...out271];
      const swappedIsa = [...isa];
      [swappedIsa[5], swappedIsa[6], swappedIsa[7], swappedIsa[8]] = [isa[7]!, isa[8]!, isa[5]!, isa[6]!];
      return [
        swappedIsa.join("*"),
        ["GS", "HB", gs[3] ?? "", gs[2] ?? "", gs[4] ?? date, gs[5] ?? time, gs[6] ?? "1", "X", "005010X279A1"].join("*"),
        ...body,
        `SE*${body.length + 1}*0001`,
        `GE*1*${gs[6] ?? "1"}`,
        `IEA*1*${control}`,
      ].join("~\n") + "~\n";
    },
  };
}
