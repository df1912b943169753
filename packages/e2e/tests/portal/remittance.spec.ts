import { signIn } from "../support/auth.js";
import { withDb } from "../support/db.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS } from "../support/users.js";

/** The month before last: the demo seed closes and approves it for every demo clinic. */
const approvedMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 2);
  return d.toISOString().slice(0, 7);
};

type Claim = { pcn: string; name: string; amountCents: number };

/**
 * The approved month's claims as the clearinghouse knows them: the patient control number the
 * export stored on each claim (CLM01, table `claim`) and the amount its latest submission asked for.
 */
async function claimsOf(email: string, month: string): Promise<Claim[]> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ pcn: string; name: string; amount_cents: string }>(
      `SELECT c.patient_control_number AS pcn, p.last_name || ', ' || p.first_name AS name,
              (SELECT s.amount_cents FROM claim_submission s WHERE s.tenant_id = c.tenant_id AND s.claim_id = c.id ORDER BY s.version DESC LIMIT 1) AS amount_cents
         FROM claim c JOIN patient p ON p.tenant_id = c.tenant_id AND p.id = c.patient_id
        WHERE c.service_month = $2
          AND c.tenant_id = (SELECT m.tenant_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1 LIMIT 1)
        ORDER BY p.last_name, p.first_name`,
      [email, month],
    );
    return rows.map((r) => ({ pcn: r.pcn, name: r.name, amountCents: Number(r.amount_cents) }));
  });
}

const money = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

/** An 835 answering the claims: the first denied (CO-16, MA130, N290), the others paid less 20 % coinsurance. */
function remittanceFor(claims: Claim[]): string {
  const body: string[] = [];
  let total = 0;
  claims.forEach((c, i) => {
    if (i === 0) {
      body.push(`CLP*${c.pcn}*4*${money(c.amountCents)}*0*0*MB*E2E${i}*11*1`, `CAS*CO*16*${money(c.amountCents)}`, "MOA***MA130*N290");
      return;
    }
    const coinsurance = Math.round(c.amountCents / 5);
    total += c.amountCents - coinsurance;
    body.push(`CLP*${c.pcn}*1*${money(c.amountCents)}*${money(c.amountCents - coinsurance)}*${money(coinsurance)}*MB*E2E${i}*11*1`, `CAS*PR*2*${money(coinsurance)}`);
  });
  const st = ["ST*835*0001", `BPR*I*${money(total)}*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20261201`, "TRN*1*EFTE2E0001*1512345678",
    "N1*PR*MEDICARE PART B J6", "N1*PE*MAPLE GROVE*XX*1245319599", "LX*1", ...body];
  const isa = `ISA*00*          *00*          *ZZ*MEDICAREJ6     *ZZ*MAPLEGROVE01   *261201*0930*^*00501*000000777*0*P*:`;
  return [isa, "GS*HP*MEDICAREJ6*MAPLEGROVE01*20261201*0930*777*X*005010X221A1", ...st, `SE*${st.length + 1}*0001`, "GE*1*777", "IEA*1*000000777"].join("~\n") + "~\n";
}

test("the clinic admin uploads an 835 for an exported month and sees paid and denied rows with reasons; a denial appears in the denials list", async ({ page, consoleErrors }, testInfo) => {
  const month = approvedMonth();
  const label = new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  await signIn(page, USERS.mapleAdmin);
  await open(page, `/billing?month=${month}`);
  await page.getByRole("button", { name: "Export 837P" }).click();
  // One 837P per payer (issue 24): the demo month has Medicare and Medicare Advantage files.
  await expect(page.getByRole("status")).toContainText(/(is|are) ready/);

  const claims = await claimsOf(USERS.mapleAdmin.email, month);
  expect(claims.length).toBeGreaterThan(1);
  const [denied, paid] = claims as [Claim, Claim];
  const file = { name: "era-maple-grove.835", mimeType: "text/plain", buffer: Buffer.from(remittanceFor(claims), "utf8") };

  await page.getByRole("link", { name: "Remittance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Remittance · ${label}` })).toBeVisible();
  await page.getByLabel("Payer file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText(`835 recorded: ${claims.length} claims (${claims.length - 1} paid, 0 adjusted, 1 denied)`);
  // Each claim now keeps the payer's claim number (CLP07) a replacement or void would quote.
  const payerNumbers = await withDb(async (client) =>
    (await client.query<{ pcn: string; icn: string | null }>(`SELECT patient_control_number AS pcn, payer_claim_control_number AS icn FROM claim WHERE patient_control_number = ANY ($1::text[])`, [claims.map((c) => c.pcn)])).rows,
  );
  expect(Object.fromEntries(payerNumbers.map((r) => [r.pcn, r.icn]))).toEqual(Object.fromEntries(claims.map((c, i) => [c.pcn, `E2E${i}`])));

  const payments = page.getByRole("table", { name: `Claim payments, ${label}` });
  const deniedRow = payments.getByRole("row").filter({ hasText: denied.name });
  await expect(deniedRow).toContainText("Denied");
  await expect(deniedRow).toContainText("CO-16: The claim is missing information or has a billing error");
  await expect(deniedRow).toContainText("N290: Missing, incomplete or invalid rendering provider identifier (NPI)");
  const paidRow = payments.getByRole("row").filter({ hasText: paid.name });
  await expect(paidRow).toContainText("Paid");
  await expect(paidRow).toContainText("PR-2: Patient's coinsurance");

  const denials = page.getByRole("table", { name: "Denials to work" });
  await expect(denials.getByRole("row").filter({ hasText: denied.name })).toContainText(label);
  await expect(denials.getByRole("row").filter({ hasText: paid.name })).toHaveCount(0);
  await snap(page, testInfo, "portal", "billing-remittance");

  // The same file again changes nothing.
  await page.getByLabel("Payer file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("was uploaded before: nothing changed.");
  await expect(payments.getByRole("row").filter({ hasText: denied.name })).toHaveCount(1);

  // The clearinghouse's 999 for the claim file is shown beside that file on the worksheet.
  const controlNumber = await withDb(async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT max(e.control_number) AS n FROM claim_export e JOIN membership m ON m.tenant_id = e.tenant_id JOIN app_user u ON u.id = m.user_id
        WHERE u.email = $1 AND e.service_month = $2 AND e.format = 'x12_837p'`,
      [USERS.mapleAdmin.email, month],
    );
    return Number(rows[0]!.n);
  });
  const ack = [
    "ISA*00*          *00*          *ZZ*MEDICAREJ6     *ZZ*MAPLEGROVE01   *261201*0930*^*00501*000000778*0*P*:",
    "GS*FA*MEDICAREJ6*MAPLEGROVE01*20261201*0930*778*X*005010X231A1", "ST*999*0001*005010X231A1", `AK1*HC*${controlNumber}*005010X222A1`,
    "AK2*837*0001*005010X222A1", "IK5*A", "AK9*A*1*1*1", "SE*6*0001", "GE*1*778", "IEA*1*000000778",
  ].join("~\n") + "~\n";
  await page.getByLabel("Payer file").setInputFiles({ name: "ack.999", mimeType: "text/plain", buffer: Buffer.from(ack, "utf8") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toContainText("999 recorded: 1 accepted, 0 rejected");
  await page.getByRole("link", { name: "Billing", exact: true }).first().click();
  // Files are named by payer and control number (one 837P per payer, issue 24).
  await expect(page.getByRole("listitem").filter({ hasText: new RegExp(`claims-837p-${month}-[0-9a-z]+-${controlNumber}\\.837p`) })).toContainText("999 accepted");
  await snap(page, testInfo, "portal", "billing-claim-file-acknowledged");
  expect(consoleErrors).toEqual([]);
});
