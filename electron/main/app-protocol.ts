import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { confinedFile } from '../serve/confine';
import { CONTENT_TYPES } from '../serve/static-files';

/**
 * The renderer is served from a privileged custom scheme, spherelab://app/, not file://: responses
 * of a `protocol.handle` handler carry headers (so the CSP applies to the packaged app, where
 * webRequest.onHeadersReceived never sees file:// loads), the app gets one origin of its own, and
 * a file:// page elsewhere on the disk can never pass for it.
 */
export const APP_SCHEME = 'spherelab';
export const APP_HOST = 'app';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Every response of the app's scheme carries it. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // ECharts and Vue set inline style attributes; no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: relative URLs and an origin; secure: a secure context like https; the renderer's
  // module scripts are fetched in CORS mode, which a custom scheme needs corsEnabled and fetch for.
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/**
 * Whether `url` is the app's page: this scheme, this host, /index.html, nothing else (hash routes
 * are in-app). Compared part by part: WHATWG URL gives a custom scheme the origin "null", so an
 * origin string cannot tell two of them apart, and a prefix test would let index.html.evil pass.
 */
export function isAppPage(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.pathname === '/index.html' &&
    parsed.search === ''
  );
}

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

/** The protocol.handle handler: GET of a file inside the built renderer, else 404 (or 405). */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    const notFound = () => new Response('not found', { status: 404, headers: HEADERS });
    if (request.method !== 'GET')
      return new Response('method not allowed', { status: 405, headers: HEADERS });
    let url: URL;
    let path: string;
    try {
      url = new URL(request.url);
      path = resolve(root, `.${decodeURIComponent(url.pathname)}`);
    } catch {
      return notFound();
    }
    if (url.host !== APP_HOST || !path.startsWith(root + sep)) return notFound();
    const file = confinedFile(root, path);
    if (!file) return notFound();
    const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    try {
      return new Response(await readFile(file.path), {
        status: 200,
        headers: { ...HEADERS, 'Content-Type': type },
      });
    } catch {
      return notFound(); // removed or unreadable since it was checked
    }
  };
}
