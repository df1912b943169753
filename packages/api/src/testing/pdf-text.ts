import { inflateSync } from "node:zlib";

/**
 * Extracts the visible text of a PDFKit-made PDF (Flate streams, hex-encoded WinAnsi strings) for
 * assertions in tests. Not a general PDF parser.
 */
/**
 * PDFKit's standard fonts use WinAnsi (Windows-1252): dashes, quotes and the bullet live in
 * 0x80–0x9F, where Latin-1 has control characters (Node's TextDecoder decodes this label as Latin-1).
 */
const WIN_ANSI_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const winAnsi = { decode: (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_HIGH[b - 0x80]! : String.fromCharCode(b))).join("") };

export function extractPdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const parts: string[] = [];
  const streamRe = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (const match of raw.matchAll(streamRe)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, "latin1")).toString("latin1");
    } catch {
      content = match[1]!;
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj/g)) {
      const hexes = tj[1] ? [...tj[1].matchAll(/<([0-9a-fA-F]+)>/g)].map((m) => m[1]!) : [tj[2]!];
      parts.push(hexes.map((h) => winAnsi.decode(Buffer.from(h, "hex"))).join(""));
    }
  }
  return parts.join("\n");
}
