export * from "./telephony.js";
export * from "./telephony-config.js";
export { toE164 } from "./phone-number.js";
export { TwilioTelephony, redirectingHttpClient, signTwilioRequest } from "./twilio-telephony.js";
export {
  startLocalTwilioServer,
  parseDialTwiml,
  type LocalTwilioOptions,
  type LocalTwilioServer,
  type LocalCallState,
  type LocalMessage,
} from "./local-twilio-server.js";
export { createTelephony, LOCAL_TELEPHONY_CREDENTIALS } from "./create-telephony.js";
export {
  ALL_PARTY_CONSENT_STATES,
  decideRecording,
  isRecorded,
  type RecordingDecision,
  type RecordingPolicyInput,
} from "./recording-policy.js";
