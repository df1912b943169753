// Copied from packages/api/src/testing/pdf-text.ts (e2e may not import @carefold/api).
import { inflateSync } from "node:zlib";

/**
 * Extracts the visible text of a PDFKit-made PDF (Flate streams, hex-encoded WinAnsi strings) for
 * assertions in tests. Not a general PDF parser.
 */
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
      parts.push(hexes.map((h) => Buffer.from(h, "hex").toString("latin1")).join(""));
    }
  }
  return parts.join("\n");
}
