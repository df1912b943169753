import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { signIn } from "../support/auth.js";
import { expect, test } from "../support/page-checks.js";
import { snapFromTop } from "../support/patients.js";
import { USERS } from "../support/users.js";

/** The sample export in docs/samples: three synthetic patients of the "Fhirwood" family. */
const SAMPLE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../docs/samples/fhir-r4-panel-bundle.json",
);

test("a clinic admin imports a FHIR R4 Bundle: an entry error, the fixed export previewed with a warning, imported, patients found", async ({
  page,
  consoleErrors,
}, testInfo) => {
  // The same export with one impossible birth date (entry 0).
  const broken = path.join(await mkdtemp(path.join(tmpdir(), "carefold-fhir-")), "ehr-broken.json");
  await writeFile(broken, (await readFile(SAMPLE, "utf8")).replace("1946-05-21", "1946-02-30"));

  await signIn(page, USERS.mapleAdmin);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Patients" })
    .click();
  await page.getByRole("link", { name: "Import panel" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Import your panel" })).toBeVisible();
  await expect(
    page.getByText(/or a FHIR R4 Bundle \(Patient, Condition and Coverage/),
  ).toBeVisible();
  const field = page.getByLabel("Panel file (CSV) or FHIR R4 Bundle");
  await expect(field).toHaveAttribute("accept", /\.json.*\.ndjson/);

  // 1. A broken entry: nothing imported, the entry and FHIR element are named.
  await field.setInputFiles(broken);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(
    page.getByRole("heading", { name: "ehr-broken.json: 1 problem in 1 entry" }),
  ).toBeVisible();
  const problems = page.getByRole("table", {
    name: "Problems found in the file, by row and column",
  });
  const entry0 = problems.locator("tr[data-level='error']");
  await expect(entry0).toHaveCount(1);
  await expect(entry0).toContainText("entry 0 (Patient/fw-eleanor)");
  await expect(entry0).toContainText("Patient.birthDate");
  await expect(entry0).toContainText("1946-02-30");
  await expect(problems.locator("tr[data-level='warning']")).toHaveCount(2);
  await expect(page.getByRole("button", { name: /^Import \d+ patients?$/ })).toHaveCount(0);
  await snapFromTop(page, testInfo, "portal", "import-fhir-errors");

  // 2. The sample as exported: ready, with the SNOMED-only condition as a warning.
  await page.getByLabel("Panel file (CSV) or FHIR R4 Bundle").setInputFiles(SAMPLE);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(
    page.getByRole("heading", { name: "fhir-r4-panel-bundle.json is ready to import" }),
  ).toBeVisible();
  await expect(page.getByText("All 3 patients passed the checks")).toBeVisible();
  const warning = problems.locator("tr[data-level='warning'][data-row='6']");
  await expect(warning).toContainText("entry 6 (Patient/fw-walter)");
  await expect(warning).toContainText("195967001 Asthma");
  await expect(warning).toContainText("no ICD-10-CM code");
  await expect(problems.locator("tr[data-row='0']")).toContainText("Encounter ×1, Observation ×1");
  await snapFromTop(page, testInfo, "portal", "import-fhir-preview");

  await page.getByRole("button", { name: "Import 3 patients" }).click();
  await expect(
    page.getByRole("heading", { name: "fhir-r4-panel-bundle.json is imported" }),
  ).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "3 new patients" })).toContainText(
    "3 new patients added and 0 existing patients updated",
  );

  // 3. The imported patients are in the list with eligibility from their ICD-10-CM conditions.
  await page.getByRole("link", { name: "View patients" }).click();
  await page.getByRole("searchbox", { name: "Search patients" }).fill("Fhirwood");
  await page.getByRole("searchbox", { name: "Search patients" }).press("Enter");
  const list = page.getByRole("table", { name: /Patients matching your filters/ });
  await expect(list.getByRole("row")).toHaveCount(4);
  const eleanor = list.getByRole("row", { name: /Fhirwood, Eleanor May/ });
  await expect(eleanor).toContainText("Eligible for CCM");
  await expect(eleanor).toContainText("•••-•••-FG45");
  await expect(eleanor).toContainText("Dr. Priya Patel");
  await expect(list.getByRole("row", { name: /Fhirwood, Walter/ })).toContainText("PCM candidate");
  await snapFromTop(page, testInfo, "portal", "import-fhir-patients");
  expect(consoleErrors).toEqual([]);
});
