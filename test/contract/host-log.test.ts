import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../core/contract';
import { createFileLogger, logPath, type FileLogger } from '../../electron/backend/log/logger';
import { openStore } from '../../electron/backend/store/store';
import { runCli } from '../helpers/cli-process';
import { startTestHost, type TestHost } from './host';

/**
 * Internal errors keep their stacks in DATADIR/logs/spherelab.log and never in a reply: a contract
 * handler over WebSocket, an archive upload over HTTP (500), and a CLI command.
 */
let dir: string;
let log: FileLogger;
let host: TestHost;
const STACK_LINE = /\n\s+at /;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spherelab-log-'));
  log = createFileLogger(dir, 'serve');
  host = await startTestHost({ dir, keepDir: true, logger: log.logger, parallel: 1 });
  // The archives folder replaced by a file: reading or writing it fails inside the host.
  rmSync(host.backend.archivesDir, { recursive: true });
  writeFileSync(host.backend.archivesDir, 'not a folder');
});
afterAll(async () => {
  await host?.close();
  await log?.close();
  rmSync(dir, { recursive: true, force: true });
});

const logged = async () => {
  await log.flush();
  return readFileSync(log.path, 'utf8');
};

describe('internal errors', () => {
  it('a failing contract handler: the stack in the log, only a message in the reply', async () => {
    const error = await host.client.request('archive/list', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    const reply = (error as ApiRequestError).toJSON();
    expect(reply.code).toBe('internal');
    expect(reply.message).toContain('archive/list failed');
    expect(JSON.stringify(reply)).not.toMatch(/\\n\s+at |\.ts:\d+/);
    const text = await logged();
    const line = text.split('\n').find((l) => l.includes('archive/list failed'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 50, process: 'serve' });
    expect(JSON.parse(line).msg).toMatch(STACK_LINE);
    expect(JSON.parse(line).msg).toContain('listArchives');
  });

  it('a failing archive upload: 500 without the stack, the stack in the log', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.serve.port,
          method: 'PUT',
          path: `/${host.serve.token}/archives/x.spherelab`,
          headers: { host: `127.0.0.1:${host.serve.port}` },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('bytes');
    });
    expect(answer.status).toBe(500);
    expect(answer.body).not.toMatch(STACK_LINE);
    expect(answer.body).toContain('log');
    const line = (await logged()).split('\n').find((l) => l.includes('archive transfer failed'))!;
    expect(JSON.parse(line).err.stack).toMatch(STACK_LINE);
  });
});

describe('the CLI', () => {
  it('logs a failing command with its stack beside the database and prints only the message', async () => {
    const cliDir = join(dir, 'cli');
    mkdirSync(cliDir);
    // a SphereLab database whose pages after the header are overwritten: SQLite calls it malformed
    const db = join(cliDir, 'lab.db');
    openStore(db).close();
    const file = openSync(db, 'r+');
    writeSync(file, Buffer.alloc(3 * 4096, 0xff), 0, 3 * 4096, 4096);
    closeSync(file);
    const result = await runCli(['list'], { env: { SPHERELAB_DB: db } });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(STACK_LINE);
    const line = JSON.parse(readFileSync(logPath(cliDir), 'utf8').trim().split('\n').at(-1)!);
    expect(line).toMatchObject({ level: 50, process: 'cli', command: 'list', msg: 'command failed' });
    expect(line.err.stack).toMatch(STACK_LINE);
  });
});
