import { describe, expect, it } from "vitest";
import {
  assertKeyBelongsToTenant,
  buildObjectKey,
  normalizeTenantId,
  parseObjectKey,
} from "./object-key.js";
import { isObjectStorageError } from "./object-storage-error.js";

const TENANT_A = "0b6f3a52-6a0e-4c1e-9d51-3f1f3d2b8a11";
const TENANT_B = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const OBJECT_ID = "11111111-2222-4333-8444-555555555555";

describe("buildObjectKey", () => {
  it("is tenants/<tenant>/<kind>/<yyyy>/<mm>/<uuid>-<name>, dated in UTC", () => {
    const key = buildObjectKey({
      tenantId: TENANT_A.toUpperCase(),
      kind: "care-plan",
      fileName: "Plan.PDF",
      now: new Date("2025-01-31T23:30:00-05:00"),
      objectId: OBJECT_ID,
    });
    expect(key).toBe(`tenants/${TENANT_A}/care-plan/2025/02/${OBJECT_ID}-plan.pdf`);
    expect(parseObjectKey(key)).toEqual({
      tenantId: TENANT_A,
      kind: "care-plan",
      year: 2025,
      month: 2,
      objectId: OBJECT_ID,
      fileName: "plan.pdf",
    });
  });

  it("uses a fresh random id each time", () => {
    const input = { tenantId: TENANT_A, kind: "consent" as const, fileName: "c.pdf" };
    expect(buildObjectKey(input)).not.toBe(buildObjectKey(input));
  });

  it.each(["../x", "a/b", "", "tenant-a", `${TENANT_A}/..`])("refuses tenant id %j", (tenantId) => {
    expect(() => buildObjectKey({ tenantId, kind: "export", fileName: "x.csv" })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });

  it("refuses an unknown kind", () => {
    expect(() =>
      buildObjectKey({ tenantId: TENANT_A, kind: "../secrets" as never, fileName: "x" }),
    ).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });
});

describe("parseObjectKey", () => {
  const good = `tenants/${TENANT_A}/consent/2025/03/${OBJECT_ID}-consent.pdf`;

  it.each([
    `tenants/${TENANT_A}/../${TENANT_B}/consent/2025/03/${OBJECT_ID}-consent.pdf`,
    `tenants/${TENANT_A}/consent/2025/03/${OBJECT_ID}-../../x.pdf`,
    `tenants/${TENANT_A}/consent/2025/13/${OBJECT_ID}-consent.pdf`,
    `tenants/${TENANT_A}/secrets/2025/03/${OBJECT_ID}-consent.pdf`,
    `/tenants/${TENANT_A}/consent/2025/03/${OBJECT_ID}-consent.pdf`,
    `${good}/extra`,
    `${good}\n`,
    `tenants/${TENANT_A}/consent/2025/03/${OBJECT_ID}-${"a".repeat(65)}`,
    `tenants/${TENANT_A.toUpperCase()}/consent/2025/03/${OBJECT_ID}-consent.pdf`,
  ])("rejects %j", (key) => {
    expect(parseObjectKey(key)).toBeNull();
  });

  it("accepts a generated key", () => {
    expect(parseObjectKey(good)?.tenantId).toBe(TENANT_A);
  });
});

describe("assertKeyBelongsToTenant", () => {
  const key = buildObjectKey({ tenantId: TENANT_A, kind: "audit-packet", fileName: "p.zip" });

  it("passes for the owning tenant, whatever the case of its id", () => {
    expect(() => assertKeyBelongsToTenant(key, TENANT_A)).not.toThrow();
    expect(() => assertKeyBelongsToTenant(key, TENANT_A.toUpperCase())).not.toThrow();
  });

  it("throws not_found for another tenant and for a malformed key", () => {
    for (const [k, t] of [
      [key, TENANT_B],
      [key.replace(TENANT_A, `${TENANT_B}/../${TENANT_A}`), TENANT_B],
      ["tenants/", TENANT_A],
    ] as const) {
      try {
        assertKeyBelongsToTenant(k, t);
        expect.unreachable();
      } catch (error) {
        expect(isObjectStorageError(error, "not_found")).toBe(true);
      }
    }
  });
});

describe("normalizeTenantId", () => {
  it("lower-cases and trims", () => {
    expect(normalizeTenantId(` ${TENANT_A.toUpperCase()} `)).toBe(TENANT_A);
  });
});
