/** Longest file-name part of a key (extension included). */
export const MAX_FILE_NAME_LENGTH = 64;
const MAX_EXTENSION_LENGTH = 10;

/** False for C0 controls and DEL (CR/LF would split a header) and lone surrogates (not UTF-8). */
const isPrintable = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return code > 0x1f && code !== 0x7f && (code < 0xd800 || code > 0xdfff);
};
const stripDiacritics = (value: string) => value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

/**
 * Turns a user-supplied file name into the last segment of an object key.
 * Invariants: only `[a-z0-9-]` plus one optional `.ext` (1–10 alphanumerics); never empty, never
 * starts with `.` or `-`, never contains `/`, `\` or `..`; at most {@link MAX_FILE_NAME_LENGTH}
 * characters. Why: keys show up in URLs, access logs and audit exports, so directory parts are
 * dropped (no traversal) and long names — often a patient's name, date of birth and MBI — are cut.
 * Callers should still pass a generic name; the display name belongs in the database.
 */
export function sanitizeFileName(fileName: string): string {
  const base = stripDiacritics(fileName.split(/[/\\]/).pop() ?? "").toLowerCase();
  const dot = base.lastIndexOf(".");
  const rawStem = dot > 0 ? base.slice(0, dot) : base;
  const rawExtension = dot > 0 ? base.slice(dot + 1) : "";
  const extension = rawExtension.replace(/[^a-z0-9]/g, "").slice(0, MAX_EXTENSION_LENGTH);
  const room = MAX_FILE_NAME_LENGTH - (extension ? extension.length + 1 : 0);
  const stem =
    rawStem
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, room)
      .replace(/-+$/, "") || "file";
  return extension ? `${stem}.${extension}` : stem;
}

/**
 * `Content-Disposition` value for a download, per RFC 6266 / RFC 8187: an ASCII `filename`
 * fallback plus a UTF-8 `filename*`. Control characters are dropped so a display name can never
 * inject a header; the display name may differ from the sanitised key name.
 */
export function buildContentDisposition(
  displayName: string,
  disposition: "attachment" | "inline" = "attachment",
): string {
  const lastSegment = displayName.split(/[/\\]/).pop() ?? "";
  const name =
    Array.from(lastSegment).filter(isPrintable).slice(0, 200).join("").trim() || "download";
  const fallback = stripDiacritics(name).replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
