// `npm run demo:codes`: the current two-step sign-in code of the demo accounts (demo data only).
import { DEMO_TOTP_SECRET, generateTotp } from "@carefold/api";

const code = generateTotp(DEMO_TOTP_SECRET);
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`Demo authenticator code: ${code}  (valid for ${secondsLeft} more seconds; secret ${DEMO_TOTP_SECRET})`);
