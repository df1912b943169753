import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_PARTY_CONSENT_STATES, decideRecording, isRecorded } from "./recording-policy.js";

const NOTICE = "This call may be recorded for quality and care coordination.";

describe("decideRecording", () => {
  it.each([
    { enabled: false, notice: NOTICE, state: "TX", expected: "off" },
    { enabled: false, notice: null, state: "CA", expected: "off" },
    { enabled: true, notice: null, state: "TX", expected: "record" },
    { enabled: true, notice: NOTICE, state: "TX", expected: "record_after_notice" },
    { enabled: true, notice: null, state: "CA", expected: "blocked_no_notice" },
    { enabled: true, notice: "   ", state: "FL", expected: "blocked_no_notice" },
    { enabled: true, notice: NOTICE, state: "WA", expected: "record_after_notice" },
    { enabled: true, notice: null, state: null, expected: "blocked_no_notice" },
    { enabled: true, notice: null, state: "pa", expected: "blocked_no_notice" },
  ] as const)(
    "enabled=$enabled notice=$notice state=$state → $expected",
    ({ enabled, notice, state, expected }) => {
      expect(
        decideRecording({
          recordingEnabled: enabled,
          recordingNotice: notice,
          patientState: state,
        }),
      ).toBe(expected);
    },
  );

  it("never records an all-party-state (or unknown-state) patient without the notice", () => {
    const states = fc.oneof(fc.constantFrom(...ALL_PARTY_CONSENT_STATES), fc.constant(null));
    const blankNotice = fc.oneof(fc.constant(null), fc.stringMatching(/^\s*$/));
    fc.assert(
      fc.property(fc.boolean(), blankNotice, states, (enabled, notice, state) => {
        expect(
          isRecorded(
            decideRecording({
              recordingEnabled: enabled,
              recordingNotice: notice,
              patientState: state,
            }),
          ),
        ).toBe(false);
      }),
    );
  });

  it("records only when the clinic turned recording on", () => {
    fc.assert(
      fc.property(
        fc.option(fc.string()),
        fc.option(fc.string({ minLength: 2, maxLength: 2 })),
        (notice, state) => {
          expect(
            decideRecording({
              recordingEnabled: false,
              recordingNotice: notice,
              patientState: state,
            }),
          ).toBe("off");
        },
      ),
    );
  });
});
