import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CALL_STATUSES,
  draftMinutesFor,
  isFinalStatus,
  nextCallStatus,
  type CallStatus,
} from "./call-status.js";

describe("nextCallStatus", () => {
  it.each<[CallStatus, CallStatus, CallStatus]>([
    ["created", "initiated", "initiated"],
    ["initiated", "ringing", "ringing"],
    ["ringing", "in-progress", "in-progress"],
    ["in-progress", "completed", "completed"],
    ["completed", "ringing", "completed"],
    ["completed", "in-progress", "completed"],
    ["busy", "completed", "busy"],
    ["ringing", "no-answer", "no-answer"],
    ["in-progress", "in-progress", "in-progress"],
  ])("%s + %s → %s", (current, incoming, expected) =>
    expect(nextCallStatus(current, incoming)).toBe(expected),
  );

  it("ends in the same final status whatever order the callbacks arrive in", () => {
    const progress: CallStatus[] = ["initiated", "ringing", "in-progress", "completed"];
    fc.assert(
      fc.property(fc.shuffledSubarray(progress, { minLength: 4, maxLength: 4 }), (order) => {
        expect(order.reduce(nextCallStatus, "created" as CallStatus)).toBe("completed");
      }),
    );
  });

  it("never moves out of a final status", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALL_STATUSES), fc.constantFrom(...CALL_STATUSES), (a, b) => {
        const next = nextCallStatus(a, b);
        if (isFinalStatus(a)) expect(next).toBe(a);
        expect([a, b]).toContain(next);
      }),
    );
  });
});

describe("draftMinutesFor (the claim a call suggests: whole minutes, never rounded up)", () => {
  it.each([
    [1, 0],
    [29, 0],
    [30, 0],
    [59, 0],
    [60, 1],
    [89, 1],
    [90, 1],
    [600, 10],
    // A 19 min 30 s call is 19 minutes, not 20 (20 would bill 99490).
    [1170, 19],
    [3599, 59],
  ])("%i s → %i min", (s, m) => expect(draftMinutesFor(s)).toBe(m));
});
