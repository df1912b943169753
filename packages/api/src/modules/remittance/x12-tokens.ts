import { invalidInput } from "../../errors.js";

/**
 * A small X12 tokenizer (decision 0046). The ISA segment is fixed-width (106 characters), so it
 * names the file's own separators: the element separator is character 4, the component separator
 * ISA16 (character 105) and the segment terminator the character after it. Payers and
 * clearinghouses choose them freely (`*`/`|`, `:`/`>`, `~`/newline), so nothing is assumed.
 */
export interface X12Separators {
  element: string;
  component: string;
  segment: string;
}

/** One segment: `id` (e.g. `CLP`) and its elements, `el(1)` being the first after the id. */
export class Segment {
  constructor(
    readonly id: string,
    private readonly elements: readonly string[],
    private readonly separators: X12Separators,
  ) {}

  /** Element n (1-based), "" when absent. */
  el(n: number): string {
    return this.elements[n - 1] ?? "";
  }

  /** Components of element n (1-based), e.g. `HC:99490` → ["HC", "99490"]. */
  components(n: number): string[] {
    const value = this.el(n);
    return value === "" ? [] : value.split(this.separators.component);
  }
}

export interface X12Document {
  separators: X12Separators;
  segments: Segment[];
  /** GS01 functional identifier: HP (835), FA (999), HN (277CA). */
  functionalId: string;
  /** ST01 of the first transaction set: 835, 999, 277. */
  transactionSet: string;
}

const ISA_LENGTH = 106;

/** Splits an interchange into segments, after checking its envelope is one we can read. */
export function tokenizeX12(text: string): X12Document {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (!start.startsWith("ISA") || start.length < ISA_LENGTH) {
    throw invalidInput("This is not an X12 file: it must start with an ISA segment (an 835, 999 or 277CA from your clearinghouse).");
  }
  const element = start[3]!;
  const isaElements = start.slice(0, ISA_LENGTH).split(element);
  if (isaElements.length < 17) throw invalidInput("The file's ISA segment is damaged: it does not have its 16 elements.");
  const component = isaElements[16]![0]!;
  const segment = start[ISA_LENGTH - 1]!;
  if (/[A-Za-z0-9 ]/.test(element) || /[A-Za-z0-9 ]/.test(segment) || new Set([element, component, segment]).size !== 3) {
    throw invalidInput("The file's ISA segment is damaged: its separators are missing or the same character.");
  }
  const separators = { element, component, segment };
  const segments = start
    .split(segment)
    .map((raw) => raw.replace(/^[\r\n]+|[\r\n]+$/g, ""))
    .filter((raw) => raw.trim() !== "")
    .map((raw) => {
      const [id, ...elements] = raw.split(element);
      return new Segment(id!.trim(), elements, separators);
    });
  const gs = segments.find((s) => s.id === "GS");
  const st = segments.find((s) => s.id === "ST");
  if (!gs || !st) throw invalidInput("The file has no GS/ST header, so it holds no transaction to read.");
  const iea = segments.at(-1);
  if (iea?.id !== "IEA") throw invalidInput("The file ends before its IEA segment: it looks cut off. Download it again from your clearinghouse.");
  return { separators, segments, functionalId: gs.el(1), transactionSet: st.el(1) };
}

/**
 * X12 decimal amount (R type: `123.45`, `-12.5`, `100`) to whole cents, without floating point so
 * money is never off by a cent.
 */
export function toCents(value: string): number {
  // More than two decimals is refused rather than rounded: a payment is never silently changed.
  const match = /^(-)?(\d*)(?:\.(\d{0,2}))?$/.exec(value.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    if (value.trim() === "") return 0;
    throw invalidInput(`"${value}" is not an amount.`);
  }
  const cents = Number(match[2] || "0") * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

/** CCYYMMDD to YYYY-MM-DD; null for anything else. */
export function toIsoDate(value: string): string | null {
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : null;
}
