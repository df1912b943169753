import { describe, expect, it } from "vitest";
import {
  dropSearchTermFromAddress,
  patientListAddress,
  patientListFilters,
  patientSearch,
} from "./patients.server";

const PRACTITIONER = "7d6f0c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";
const form = (fields: Record<string, string>) => {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return body;
};

describe("patient list filters: the search term never comes from or goes to an address", () => {
  it("reads filters and the page from the address, but never a term", () => {
    const filters = patientListFilters(
      new URL(`http://x/patients?q=Garcia&status=enrolled&practitioner=${PRACTITIONER}&page=3`),
    );
    expect(filters).toMatchObject({
      search: undefined,
      programStatus: "enrolled",
      billingPractitionerId: PRACTITIONER,
      page: 3,
    });
  });

  it("reads the term from a posted form with the same filters, trimmed and bounded", () => {
    const filters = patientSearch(
      form({ q: "  Garcia  ", eligibility: "ccm_candidate", page: "2", practitioner: "nope" }),
    );
    expect(filters).toMatchObject({
      search: "Garcia",
      eligibility: "ccm_candidate",
      billingPractitionerId: undefined,
      page: 2,
    });
    expect(patientSearch(form({ q: "x".repeat(300) })).search).toHaveLength(100);
    expect(patientSearch(form({ q: "   " })).search).toBeUndefined();
  });

  it("builds the list's address from the filters, leaving the term out", () => {
    const filters = patientSearch(form({ q: "Garcia", status: "enrolled", page: "2" }));
    expect(patientListAddress(filters)).toBe("/patients?status=enrolled&page=2");
    expect(patientListAddress(patientSearch(form({ q: "Garcia" })))).toBe("/patients");
  });

  it("sends an address with a term to the same address without it", () => {
    const thrown = (() => {
      try {
        dropSearchTermFromAddress(new Request("http://x/panels?clinic=a&q=Garcia%20Maria&page=2"));
      } catch (response) {
        return response as Response;
      }
    })();
    expect(thrown?.status).toBe(302);
    expect(thrown?.headers.get("Location")).toBe("/panels?clinic=a&page=2");
    expect(() =>
      dropSearchTermFromAddress(new Request("http://x/patients?status=enrolled")),
    ).not.toThrow();
  });
});
