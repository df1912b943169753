import { describe, expect, it } from "vitest";
import { calculateCoinsuranceCents, splitCostSharing } from "./coinsurance.js";
import { RATE_TABLE } from "./rate-table.js";
import {
  formatCents,
  getLatestKnownRateCents,
  getRateEntry,
  priceUnit,
  rateCents,
  rateCentsOn,
} from "./rates.js";

describe("rate table", () => {
  it("has tagged, integer, non-overlapping entries", () => {
    const byCode = new Map<string, typeof RATE_TABLE>();
    for (const entry of RATE_TABLE) {
      expect(entry.source).toMatch(/^(\[S\d+\])+$/);
      expect(["H", "M", "L"]).toContain(entry.confidence);
      expect(Number.isInteger(entry.cents) && entry.cents > 0).toBe(true);
      if (entry.qpCents !== undefined) expect(entry.qpCents).toBeGreaterThan(entry.cents);
      expect(entry.effectiveFrom <= entry.effectiveTo).toBe(true);
      byCode.set(entry.code, [...(byCode.get(entry.code) ?? []), entry]);
    }
    for (const entries of byCode.values()) {
      const sorted = [...entries].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i - 1]!.effectiveTo < sorted[i]!.effectiveFrom).toBe(true);
      }
    }
  });
});

describe("rateCents", () => {
  it.each([
    ["99490", 2024, 6258],
    ["99490", 2025, 6049],
    ["99490", 2026, 6613],
    ["99439", 2026, 5044],
    ["99487", 2025, 13165],
    ["99489", 2026, 7816],
    ["99491", 2025, 8216],
    ["99437", 2026, 6313],
    ["99425", 2026, 6146],
    ["G0557", 2025, 4884],
  ])("%s in %i is %i cents", (code, year, cents) => {
    expect(rateCents(code, year)).toBe(cents);
  });

  it.each([
    ["99491", 2026],
    ["99491", 2024],
    ["G0506", 2025],
    ["99424", 2026],
    ["99427", 2026],
    ["99490", 2023],
    ["99490", 2027],
    ["NOPE", 2025],
    ["99490", 2025.5],
    ["99490", 99999],
  ])("%s in %s is unknown, never guessed", (code, year) => {
    expect(rateCents(code, year)).toBeUndefined();
  });
});

describe("rateCentsOn", () => {
  it("switches 2024 amounts on March 9", () => {
    expect(rateCentsOn("99490", "2024-01-01")).toBe(6156);
    expect(rateCentsOn("99490", "2024-03-08")).toBe(6156);
    expect(rateCentsOn("99490", "2024-03-09")).toBe(6258);
    expect(getRateEntry("99487", "2024-03-08")).toMatchObject({
      cents: 13196,
      source: "[S44]",
      confidence: "H",
    });
  });

  it("uses QP amounts from 2026 only, and never substitutes a non-QP one", () => {
    expect(rateCentsOn("99490", "2026-06-30", "qp")).toBe(6646);
    expect(rateCentsOn("99490", "2025-06-30", "qp")).toBe(6049);
    expect(rateCentsOn("99425", "2026-06-30", "qp")).toBeUndefined();
    expect(rateCentsOn("99490", "2026-06-30", "non_qp")).toBe(6613);
  });
});

describe("latest known amount and pricing", () => {
  it("finds the latest year with an amount", () => {
    expect(getLatestKnownRateCents("99491")).toBe(8216);
    expect(getLatestKnownRateCents("99490", "qp")).toBe(6646);
    expect(getLatestKnownRateCents("99425", "qp")).toBe(5887);
    expect(getLatestKnownRateCents("G0506")).toBeUndefined();
  });

  it("lets the tenant fee schedule win for its year", () => {
    expect(priceUnit("99490", "2026-03-31", "non_qp", { "99490": { 2026: 7000 } })).toEqual({
      lineCents: 7000,
      compareCents: 7000,
    });
    expect(priceUnit("99490", "2025-03-31", "non_qp", { "99490": { 2026: 7000 } })).toEqual({
      lineCents: 6049,
      compareCents: 6049,
    });
    expect(priceUnit("99491", "2026-03-31", "non_qp", {})).toEqual({
      lineCents: undefined,
      compareCents: 8216,
    });
    expect(priceUnit("G0506", "2026-03-31", "non_qp", {})).toEqual({
      lineCents: undefined,
      compareCents: 0,
    });
  });

  it("formats cents as dollars", () => {
    expect(formatCents(16701)).toBe("$167.01");
    expect(formatCents(5)).toBe("$0.05");
    expect(formatCents(0)).toBe("$0.00");
    expect(formatCents(-250)).toBe("-$2.50");
  });
});

describe("coinsurance", () => {
  it("is 20 % rounded half up to the cent", () => {
    expect(calculateCoinsuranceCents(10642)).toBe(2128);
    expect(calculateCoinsuranceCents(6613)).toBe(1323);
    expect(calculateCoinsuranceCents(2)).toBe(0);
    expect(calculateCoinsuranceCents(3)).toBe(1);
    expect(calculateCoinsuranceCents(0)).toBe(0);
  });

  it("rejects negative or fractional amounts", () => {
    expect(() => calculateCoinsuranceCents(-1)).toThrow(RangeError);
    expect(() => calculateCoinsuranceCents(10.5)).toThrow(RangeError);
  });

  it("splits cost sharing and spares QMB patients", () => {
    expect(splitCostSharing(6613)).toEqual({
      medicareCents: 5290,
      coinsuranceCents: 1323,
      patientCents: 1323,
    });
    expect(splitCostSharing(6613, { isQmb: true })).toEqual({
      medicareCents: 5290,
      coinsuranceCents: 1323,
      patientCents: 0,
    });
  });
});
