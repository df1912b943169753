/**
 * Headers for every response (set once, by the web server in front of each app: documents,
 * /api/trpc, CSV/PDF downloads, /healthz, static files and its own 403 page alike). A CSP limited
 * to our own origin whose scripts must be ours or carry this response's nonce (no
 * 'unsafe-inline' for scripts: Remix's inline hydration scripts get the nonce), no framing
 * (frame-ancestors and X-Frame-Options), no MIME sniffing, no referrer leakage of URLs to other
 * sites, and HSTS when the request came over https as decided by the server (TRUST_PROXY).
 */
export function securityHeaders(opts: { isHttps: boolean; nonce: string }): Record<string, string> {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(opts.nonce)) throw new Error("A CSP nonce must be at least 16 base64 characters.");
  const headers: Record<string, string> = {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${opts.nonce}'`,
      // Inline style attributes (charts, progress bars) carry no user input; scripts stay strict.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(self)",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (opts.isHttps) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** A fresh nonce for one response's CSP (128 random bits, base64). */
export function createCspNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
