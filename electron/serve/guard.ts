import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the browser-mode host: a request must name 127.0.0.1:PORT or localhost:PORT as
 * its Host (so a DNS-rebound name is refused), carry no Origin or one of those two origins (so
 * another site open in the same browser is refused), and start its path with the random token
 * printed at start (so another local user or program is refused).
 */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface Guard {
  readonly token: string;
  /** null when allowed, else the reason (for the 403 body and the log) */
  check(request: IncomingMessage): string | null;
  /** the request path after /TOKEN, e.g. "/assets/x.js"; "/" for the page; "" for /TOKEN itself */
  innerPath(request: IncomingMessage): string;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createGuard(port: number, token: string): Guard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));

  function tokenOf(request: IncomingMessage): string {
    const path = (request.url ?? '/').split('?')[0];
    return path.split('/')[1] ?? '';
  }

  return {
    token,
    check(request) {
      const host = request.headers.host ?? '';
      if (!hosts.has(host)) return `Host "${host}" is not this host (127.0.0.1:${port} or localhost:${port})`;
      const origin = request.headers.origin;
      if (origin !== undefined && !origins.has(origin)) return `Origin "${origin}" may not use this host`;
      // Compared as sent: a base64url token has no escapes, and decoding first would let a
      // malformed escape (/%zz/) throw before anything is checked.
      if (!sameToken(tokenOf(request), token)) {
        return 'missing or wrong access token: open the URL printed by `spherelab serve`';
      }
      return null;
    },
    innerPath(request) {
      const path = (request.url ?? '/').split('?')[0];
      return path.slice(1 + tokenOf(request).length);
    },
  };
}

/** Headers on every response: a strict CSP, no framing, no sniffing, no referrer (it holds the token). */
export function securityHeaders(port: number): Record<string, string> {
  const ws = `ws://127.0.0.1:${port} ws://localhost:${port}`;
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      // Vue and ECharts set element styles at run time; scripts stay strictly 'self'.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ${ws}`,
      "worker-src 'self' blob:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
