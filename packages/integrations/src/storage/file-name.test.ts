import { describe, expect, it } from "vitest";
import { MAX_FILE_NAME_LENGTH, buildContentDisposition, sanitizeFileName } from "./file-name.js";

describe("sanitizeFileName", () => {
  it.each([
    ["Consent Form.PDF", "consent-form.pdf"],
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\system32\\evil.exe", "evil.exe"],
    ["tenants/other-tenant/consent/x.pdf", "x.pdf"],
    ["..", "file"],
    ["", "file"],
    [".env", "env"],
    ["archive.tar.gz", "archive-tar.gz"],
    ["Pläne für Müller.docx", "plane-fur-muller.docx"],
    ["患者.pdf", "file.pdf"],
    ["report.%2e%2e%2f", "report.2e2e2f"],
    ["name\u0000with\r\ncontrol.txt", "name-with-control.txt"],
    ["weird.ext-with-dashes!", "weird.extwithdas"],
  ])("%j → %j", (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it("truncates long, PHI-looking names and keeps the extension", () => {
    const name =
      "Smith_John_DOB_1950-01-01_MBI_1EG4TE5MK73_consent_form_signed_in_clinic_by_patient_2025.pdf";
    const result = sanitizeFileName(name);
    expect(result.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(result.endsWith(".pdf")).toBe(true);
    expect(result).toBe("smith-john-dob-1950-01-01-mbi-1eg4te5mk73-consent-form-signe.pdf");
    expect(result).not.toContain("2025");
  });

  it("never produces a name with a separator, a leading dot or dash, or '..'", () => {
    const samples = ["-x", "..x..", "a/../../b", "...pdf", " - .pdf", "a..b.c", "x".repeat(500)];
    for (const sample of samples) {
      const result = sanitizeFileName(sample);
      expect(result).toMatch(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9]{1,10})?$/);
      expect(result.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    }
  });
});

describe("buildContentDisposition", () => {
  it("gives an ASCII fallback and an RFC 8187 UTF-8 name", () => {
    expect(buildContentDisposition("Care plan – März.pdf")).toBe(
      `attachment; filename="Care plan _ Marz.pdf"; filename*=UTF-8''Care%20plan%20%E2%80%93%20M%C3%A4rz.pdf`,
    );
  });

  it("cannot inject headers or quotes, and drops directories", () => {
    const value = buildContentDisposition('../x"\r\nSet-Cookie: a=b.pdf', "inline");
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toMatch(/^inline; filename="x_Set-Cookie: a=b.pdf"; filename\*=UTF-8''/);
  });

  it("never splits a character or passes a lone surrogate (encodeURIComponent would throw)", () => {
    expect(buildContentDisposition(`${"a".repeat(199)}😀😀.pdf`)).toContain(
      "filename*=UTF-8''" + "a".repeat(199) + "%F0%9F%98%80",
    );
    expect(buildContentDisposition("bad\ud800name.pdf")).toContain("filename*=UTF-8''badname.pdf");
  });

  it("falls back to 'download' for an empty name", () => {
    expect(buildContentDisposition("")).toBe(
      `attachment; filename="download"; filename*=UTF-8''download`,
    );
  });
});
