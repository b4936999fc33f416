import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ApiRequestError } from '../../core/contract';
import { archivePath, unusedName, withExtension } from '../backend/api/archive-files';
import { plain } from './static-files';

/**
 * Moves archive bytes between the browser and the host's archives folder, by file name only:
 * GET/HEAD /TOKEN/archives/NAME downloads a file archive/export wrote; PUT /TOKEN/archives/NAME
 * uploads one for archive/import and answers {"fileName": name-it-was-stored-under} (a free name:
 * an existing file is never overwritten).
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

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
    archivePath(dir, fileName);
  } catch (error) {
    return plain(response, 400, error instanceof ApiRequestError ? error.message : 'malformed file name');
  }
  if (method === 'GET' || method === 'HEAD') return download(dir, fileName, method, response);
  if (method === 'PUT') return upload(dir, fileName, request, response);
  response.setHeader('Allow', 'GET, HEAD, PUT');
  return plain(response, 405, `${method} is not allowed on archives`);
}

function download(dir: string, fileName: string, method: string, response: ServerResponse): void {
  const path = archivePath(dir, fileName);
  if (!existsSync(path) || !statSync(path).isFile())
    return plain(response, 404, `no archive ${fileName} in the archives folder`);
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(statSync(path).size),
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
  if (method === 'HEAD') response.end();
  else createReadStream(path).pipe(response);
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
  const target = unusedName(dir, withExtension(fileName));
  // Written under a temporary name and renamed, so a broken upload never looks like an archive.
  const partial = archivePath(dir, `${target}.partial`);
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
  try {
    await pipeline(request, limit, createWriteStream(partial));
    renameSync(partial, archivePath(dir, target));
  } catch (error) {
    rmSync(partial, { force: true });
    return plain(
      response,
      received > MAX_UPLOAD_BYTES ? 413 : 400,
      `upload failed: ${(error as Error).message}`,
    );
  }
  response.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify({ fileName: target }));
}
