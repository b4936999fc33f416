import { randomBytes } from 'node:crypto';
import { createWriteStream, linkSync, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiRequestError } from '../../core/contract';
import { ARCHIVE_EXTENSION, archivePath, withExtension } from '../backend/api/archive-files';
import { confinedFile } from './confine';
import { plain, sendFile } from './static-files';

/**
 * Moves archive bytes between the browser and the host's archives folder, by file name only:
 * GET/HEAD /TOKEN/archives/NAME downloads a file archive/export wrote; PUT /TOKEN/archives/NAME
 * uploads one for archive/import and answers {"fileName": name-it-was-stored-under} (a free name:
 * an existing file is never overwritten).
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const MAX_SAME_NAME = 10_000;

export async function transferArchive(
  dir: string,
  name: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  let fileName: string;
  try {
    fileName = decodeURIComponent(name);
    // the name as stored (with its extension) must be a valid archive name too
    archivePath(dir, method === 'PUT' ? withExtension(fileName) : fileName);
  } catch (error) {
    return plain(
      response,
      400,
      error instanceof ApiRequestError ? error.message : 'malformed percent-escape in the file name',
    );
  }
  if (method === 'GET' || method === 'HEAD') return download(dir, fileName, method, response);
  if (method === 'PUT') return upload(dir, fileName, request, response);
  response.setHeader('Allow', 'GET, HEAD, PUT');
  return plain(response, 405, `${method} is not allowed on archives`);
}

function download(dir: string, fileName: string, method: string, response: ServerResponse): void {
  // A symlink in the folder pointing elsewhere is not an archive of this folder.
  const file = confinedFile(dir, archivePath(dir, fileName));
  if (!file) return plain(response, 404, `no archive ${fileName} in the archives folder`);
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
  if (method === 'HEAD') response.end();
  else sendFile(file.path, response);
}

async function upload(
  dir: string,
  fileName: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES)
    return plain(response, 413, `an archive upload is at most ${MAX_UPLOAD_BYTES} bytes`);
  // Written under a temporary name of its own (two uploads of one name never share it; the leading
  // dot keeps it out of the archive list) and created exclusively, so a planted file or symlink of
  // that name is never written through. Linked to its final name only when whole.
  const partial = join(dir, `.upload-${randomBytes(8).toString('hex')}.partial`);
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(
        received > MAX_UPLOAD_BYTES
          ? new Error(`an archive upload is at most ${MAX_UPLOAD_BYTES} bytes`)
          : null,
        chunk,
      );
    },
  });
  let target: string;
  try {
    await pipeline(request, limit, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    target = linkUnused(dir, partial, withExtension(fileName));
  } catch (error) {
    return plain(
      response,
      received > MAX_UPLOAD_BYTES ? 413 : 400,
      `upload failed: ${(error as Error).message}`,
    );
  } finally {
    rmSync(partial, { force: true });
  }
  response.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify({ fileName: target }));
}

/**
 * Gives the finished upload the first free name (x.spherelab, x-2.spherelab, ...): a hard link never
 * replaces an existing file or link (EEXIST), so an upload finishing at the same moment under the
 * same name takes the next one.
 */
function linkUnused(dir: string, partial: string, fileName: string): string {
  const stem = fileName.slice(0, -ARCHIVE_EXTENSION.length);
  for (let k = 1; k <= MAX_SAME_NAME; k++) {
    const target = k === 1 ? fileName : `${stem}-${k}${ARCHIVE_EXTENSION}`;
    try {
      linkSync(partial, archivePath(dir, target));
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${MAX_SAME_NAME} archives named ${stem} exist already; choose another name`);
}
