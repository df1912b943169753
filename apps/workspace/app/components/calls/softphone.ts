/**
 * The browser side of a call. Both implementations only connect and hang up; the call's status
 * comes from the app's own call record (driven by the provider's signed webhooks), so the panel
 * behaves the same with Twilio and with the local stand-in.
 */
export interface SoftphoneCall {
  hangup(): Promise<void>;
}

export interface Softphone {
  connect(params: { callId: string; tenantId: string }): Promise<SoftphoneCall>;
}

/** The local stand-in, reached through /api/softphone (same origin). */
function localSoftphone(token: string): Softphone {
  return {
    async connect(params) {
      const response = await fetch("/api/softphone/connect", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token, params }),
      });
      const body = (await response.json()) as {
        callSid?: string;
        refusal?: string;
        message?: string;
      };
      if (!response.ok || !body.callSid)
        throw new Error(body.message ?? "The call could not be connected.");
      if (body.refusal) throw new Error(body.refusal);
      const sid = body.callSid;
      return {
        async hangup() {
          await fetch(`/api/softphone/calls/${sid}/hangup`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: "{}",
          });
        },
      };
    },
  };
}

/** Twilio Voice in the browser (microphone, WebRTC). Loaded only when used. */
function twilioSoftphone(token: string): Softphone {
  return {
    async connect(params) {
      const { Device } = await import("@twilio/voice-sdk");
      const device = new Device(token, { closeProtection: true });
      const call = await device.connect({ params });
      return {
        async hangup() {
          call.disconnect();
          device.destroy();
        },
      };
    },
  };
}

export function createSoftphone(provider: "twilio" | "local", token: string): Softphone {
  return provider === "twilio" ? twilioSoftphone(token) : localSoftphone(token);
}
