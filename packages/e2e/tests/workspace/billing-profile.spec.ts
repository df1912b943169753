import { signIn } from "../support/auth.js";
import { expect, snap, test } from "../support/page-checks.js";
import { snapFromTop } from "../support/patients.js";
import { USERS, uniqueClinicName, uniqueEmail } from "../support/users.js";

test("a vendor admin fills in a new clinic's billing profile: a wrong NPI is refused at the field, the fixed profile is saved and shown again after a reload", async ({
  page,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(60_000);
  await signIn(page, USERS.vendorAdmin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clinics" }).click();

  // A newly onboarded clinic has no billing profile.
  const name = uniqueClinicName();
  await page.getByRole("button", { name: "Onboard clinic" }).click();
  const onboard = page.getByRole("dialog", { name: "Onboard a clinic" });
  await onboard.getByLabel("Clinic name").fill(name);
  await onboard.getByLabel("Name", { exact: true }).fill("Harper Quinn");
  await onboard.getByLabel("Email", { exact: true }).fill(uniqueEmail("Harper Quinn", "clinic.demo"));
  await onboard.getByRole("button", { name: "Create clinic and send invitation" }).click();
  await expect(onboard).toBeHidden();

  await page.getByRole("row").filter({ hasText: name }).getByRole("link", { name: "Billing profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Billing profile · ${name}` })).toBeVisible();
  await expect(page.getByText(`${name} cannot export claims (CSV or 837P) until this profile is filled in and saved.`)).toBeVisible();
  await snap(page, testInfo, "workspace", "admin-clinic-billing-empty");

  const form = page.getByRole("form", { name: "Billing profile" });
  await form.getByLabel("Billing name").fill("Ashford Family Practice PLLC");
  await form.getByLabel("Billing NPI").fill("1245319598"); // last digit mistyped
  await form.getByLabel("Tax id (EIN)").fill("41-1234567");
  await form.getByLabel("Street address").fill("100 Main St");
  await form.getByLabel("City").fill("Maple Grove");
  await form.getByLabel("State").fill("mn");
  await form.getByLabel("ZIP+4").fill("55369-0001");
  await form.getByLabel("Place of service").selectOption("49");
  await form.getByLabel("Date of service").selectOption({ label: "First day of the service month" });
  await form.getByLabel("Submitter id").fill("ashford01");
  await form.getByLabel("Receiver id").fill("MEDICAREJ6");
  await form.getByLabel("Payer id").fill("06102");
  await form.getByLabel("EDI contact phone").fill("763.555.0100");
  await form.getByRole("button", { name: "Save billing profile" }).click();

  const npiError = "1245319598 is not a valid NPI: its check digit does not match. Look for a mistyped digit.";
  const npi = form.getByLabel("Billing NPI");
  await expect(npi).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(npiError)).toBeVisible();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("The billing profile wasn't saved: 1 field needs a fix");
  await expect(summary.getByRole("link", { name: "Billing NPI" })).toHaveAttribute("href", "#billing-billingNpi");
  // What was typed is kept.
  await expect(form.getByLabel("Billing name")).toHaveValue("Ashford Family Practice PLLC");
  await expect(form.getByLabel("Place of service")).toHaveValue("49");
  await snapFromTop(page, testInfo, "workspace", "admin-clinic-billing-error");

  await npi.fill("124-531-9599");
  await form.getByRole("button", { name: "Save billing profile" }).click();
  await expect(page.getByRole("status")).toContainText("Billing profile saved");
  await expect(page.getByText(`${name} cannot export claims`)).toBeHidden();

  await page.reload();
  const saved = page.getByRole("form", { name: "Billing profile" });
  await expect(saved.getByLabel("Billing name")).toHaveValue("Ashford Family Practice PLLC");
  await expect(saved.getByLabel("Billing NPI")).toHaveValue("1245319599");
  await expect(saved.getByLabel("Tax id (EIN)")).toHaveValue("41-1234567");
  await expect(saved.getByLabel("State")).toHaveValue("MN");
  await expect(saved.getByLabel("ZIP+4")).toHaveValue("55369-0001");
  await expect(saved.getByLabel("Place of service")).toHaveValue("49");
  await expect(saved.getByLabel("Date of service")).toHaveValue("first_day_of_month");
  await expect(saved.getByLabel("Submitter id")).toHaveValue("ASHFORD01");
  await expect(saved.getByLabel("Payer name")).toHaveValue("MEDICARE");
  await expect(saved.getByLabel("EDI contact phone")).toHaveValue("(763) 555-0100");
  await expect(page.getByText(/^Last saved/)).toBeVisible();
  await snapFromTop(page, testInfo, "workspace", "admin-clinic-billing");
  expect(consoleErrors).toEqual([]);
});
