import { setImmediate as nextTurn } from "node:timers/promises";
import { invalidInput } from "../../errors.js";

/** Upload limits (issue 17): a file this size parses in well under a second, in slices. */
export const PANEL_FILE_LIMITS = Object.freeze({
  /** 10 MB: a 50,000-patient CSV in the template is about 5 MB. */
  maxBytes: 10 * 1024 * 1024,
  maxRows: 100_000,
  maxColumns: 200,
  /**
   * One CSV record. Far above the template's 16 columns at their longest, so an over-long value (a
   * 200 KB name) is refused on its row with the create form's limit, not for the whole file.
   */
  maxRecordChars: 256 * 1024,
});

/** How much text the CSV parser gets per turn of the event loop. */
const SLICE_CHARS = 64 * 1024;
/** How many bytes are decoded (base64, UTF-8) per turn of the event loop (a few ms each). */
const DECODE_SLICE = 1024 * 1024;

/** The end of every "too many columns" message. */
export const TOO_WIDE = `a panel file may have at most ${PANEL_FILE_LIMITS.maxColumns} columns. Keep the template's columns and remove the rest.`;

/**
 * Commas one line may hold before it is refused unparsed: four per allowed column, so quoted commas
 * in a real file never reach it. csv-parse slows down on records of many thousand fields (a million
 * short columns took over a second per megabyte), so such a line must not reach it.
 */
const MAX_LINE_COMMAS = PANEL_FILE_LIMITS.maxColumns * 4;

/** Refuses a CSV text with an absurdly wide line, scanning a slice per turn of the event loop. */
export async function checkLineWidths(text: string) {
  let commas = 0;
  let line = 1;
  for (let start = 0; start < text.length; start += SLICE_CHARS) {
    const end = Math.min(text.length, start + SLICE_CHARS);
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        commas = 0;
        line++;
      } else if (c === 44 && ++commas > MAX_LINE_COMMAS) {
        throw invalidInput(`Line ${line} has far more than ${PANEL_FILE_LIMITS.maxColumns} values; ${TOO_WIDE}`);
      }
    }
    await nextTurn();
  }
}

export function checkPanelFileSize(bytes: number) {
  if (bytes > PANEL_FILE_LIMITS.maxBytes) throw invalidInput("The file is larger than 10 MB. Split the panel into smaller files and import them one after another.");
}

/** Offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const [length, min] = b < 0x80 ? [1, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80] : b >= 0xe0 && b <= 0xef ? [3, 0x800] : b >= 0xf0 && b <= 0xf4 ? [4, 0x10000] : [0, 0];
    if (length === 0) return i;
    let cp = length === 1 ? b : b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/** Base64 (as uploads travel in tRPC) to bytes, a slice per turn of the event loop. */
export async function decodeBase64InSlices(base64: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  // A multiple of 4 characters, so every slice decodes on its own.
  const step = Math.floor(DECODE_SLICE / 3) * 4;
  for (let i = 0; i < base64.length; i += step) {
    parts.push(Buffer.from(base64.slice(i, i + step), "base64"));
    await nextTurn();
  }
  return Buffer.concat(parts);
}

/**
 * The file as text, refusing anything that is not UTF-8 (a Latin-1 or Windows-1252 export would
 * otherwise be imported as mojibake: "JosÃ©"). The decoder is fatal and streams a slice per turn of
 * the event loop; on failure a scan names the spot.
 */
export async function decodePanelText(bytes: Buffer): Promise<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  try {
    let text = "";
    for (let i = 0; i < bytes.length; i += DECODE_SLICE) {
      text += decoder.decode(bytes.subarray(i, i + DECODE_SLICE), { stream: true });
      await nextTurn();
    }
    return text + decoder.decode();
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, Math.max(at, 0)).filter((b) => b === 0x0a).length + 1;
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw invalidInput(`The file is not UTF-8 text (line ${line}, byte 0x${byte}). Save it as “CSV UTF-8” in your spreadsheet, or export it from your EHR as UTF-8, and upload it again.`);
  }
}

/**
 * The text in slices, with a turn of the event loop between them, so parsing a big or hostile file
 * never holds up other requests (one 8 MB chunk used to block the process for seconds).
 */
export async function* textSlices(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += SLICE_CHARS) {
    yield text.slice(i, i + SLICE_CHARS);
    await nextTurn();
  }
}
