/**
 * The one validator for "where to go after signing in" (`redirectTo`), used by both apps.
 * Only a path on our own origin passes; anything else gives the fallback. It refuses, in the
 * value as given AND after decoding it again (up to three rounds, for double-encoded tricks):
 * anything not starting with a single "/", backslashes (browsers read "\" as "/"), ASCII control
 * characters (browsers drop tab/CR/LF inside URLs, so "/\t/evil" is "//evil"; "\v" in a Location
 * header is a 500) and Unicode whitespace. The survivor is resolved against a placeholder origin
 * and must still be on it, and its normalised path ("/x/..//evil" becomes "//evil") must not
 * start with "//". What is returned is that normalised path, never the raw input.
 */
const PLACEHOLDER_ORIGIN = "http://carefold.invalid";
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\\\u0000-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/;
const SIGN_IN_FLOW = /^\/(sign-in|sign-out)(\/|$)/i;
const MAX_LENGTH = 2048;

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  const forms = decodedForms(to);
  if (!forms || !forms.every(isPlainLocalPath)) return fallback;
  let url: URL;
  try {
    url = new URL(to, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.pathname.startsWith("//")) return fallback;
  const decodedPath = decodedForms(url.pathname);
  if (!decodedPath || decodedPath.some((p) => SIGN_IN_FLOW.test(p) || p.startsWith("//"))) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * The value and up to three further rounds of percent-decoding. Null when the value itself is
 * malformed; a later round that fails just ends the list (a literal "%" after one decoding).
 */
function decodedForms(value: string): string[] | null {
  const forms = [value];
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(forms[forms.length - 1]!);
    } catch {
      return round === 0 ? null : forms;
    }
    if (next === forms[forms.length - 1]) break;
    forms.push(next);
  }
  return forms;
}

const isPlainLocalPath = (value: string) => value.startsWith("/") && !value.startsWith("//") && !FORBIDDEN_CHARACTERS.test(value);
