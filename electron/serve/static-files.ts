import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { confinedFile } from './confine';

/**
 * The built renderer (dist/renderer, `npm run build:renderer`) as static files. Paths are resolved
 * inside the folder and checked to stay there, symlinks included; "/" is index.html. When the folder
 * is missing the host still starts and the page says how to build it.
 */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export const BUILD_HINT = 'npm run build:renderer';

export function rendererBuilt(root: string): boolean {
  return confinedFile(root, resolve(root, 'index.html')) !== null;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SphereLab: renderer not built</title></head>
<body><h1>The SphereLab renderer is not built</h1>
<p>This host is running, but dist/renderer is missing. Build it with <code>${BUILD_HINT}</code> and reload this page.</p>
</body></html>`;

/** Serves `innerPath` (already past the token) from `root`; answers 404 for anything outside it. */
export function serveStatic(root: string, innerPath: string, method: string, response: ServerResponse): void {
  const base = resolve(root);
  let relative: string;
  try {
    relative = decodeURIComponent(innerPath === '/' ? '/index.html' : innerPath);
  } catch {
    return plain(response, 400, 'malformed percent-escape in the path');
  }
  if (relative.includes('\0')) return plain(response, 400, 'a path may not contain NUL');
  const path = resolve(base, `.${relative}`);
  if (!path.startsWith(base + sep)) return plain(response, 404, 'not found');
  const file = confinedFile(base, path);
  if (!file) {
    if (relative === '/index.html') {
      response.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }
    return plain(response, 404, 'not found');
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    // The token (and with it every URL) changes with each start, so caching buys nothing.
    'Cache-Control': 'no-cache',
  });
  if (method === 'HEAD') response.end();
  else sendFile(file.path, response);
}

/** Streams a file; a read error or a client gone mid-way ends this response only. */
export function sendFile(path: string, response: ServerResponse): void {
  pipeline(createReadStream(path), response).catch(() => response.destroy());
}

export function plain(response: ServerResponse, status: number, text: string): void {
  // A client that went away before the answer needs none; writing to it would only fail.
  if (response.headersSent || response.destroyed) return void response.destroy();
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}
