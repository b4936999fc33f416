import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, REQUEST_NAMES, requests, type RequestName } from '../../core/contract';
import { mulberry32, type Rng } from '../../core/random';
import { createWsClient, type WebSocketLike, type WsClient } from '../../renderer/platform/ws-client';
import { startCli, type CliProcess } from '../helpers/cli-process';
import { contractSocket, framesHandled, hashData, httpHandled } from './fuzz/harness';
import * as gen from './fuzz/generators';

/**
 * Seeded fuzzing of a real `spherelab serve` process on 127.0.0.1 over a real SQLite file holding
 * finished runs, tags and a note. Each category sends its inputs in batches; after every batch the
 * host must still be running, still answer a valid request, and the data tables must hash the same.
 * The counts are printed as a table and written to test-artifacts/fuzz-host-summary.json.
 * SPHERELAB_FUZZ_SEED and SPHERELAB_FUZZ_COUNT (inputs per category) change the run.
 */
const SEED = Number(process.env.SPHERELAB_FUZZ_SEED ?? 20261130);
const PER_CATEGORY = Number(process.env.SPHERELAB_FUZZ_COUNT ?? 120);
const BATCH = 20;
/** a bound on each category's time, so a slow machine shortens the run instead of timing it out */
const CATEGORY_BUDGET_MS = 12_000;

/** Requests that change the database: a payload the contract accepts is never sent for these. */
const MUTATING = new Set<RequestName>([
  'experiments/create',
  'runs/cancel',
  'runs/cancelAll',
  'runs/resume',
  'runs/delete',
  'runs/tag',
  'runs/note',
  'archive/import',
  'paths/start',
  'paths/cancel',
  'paths/delete',
]);

interface Row {
  category: string;
  tried: number;
  handled: number;
  crashes: number;
  dataLost: number;
  /** the first inputs not handled, for the report */
  unhandled: string[];
}

let dir: string;
let dbPath: string;
let serve: CliProcess;
let port: number;
let token: string;
let client: WsClient;
let runIds: string[];
let before: string;
const rows: Row[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spherelab-fuzz-'));
  dbPath = join(dir, 'lab.db');
  // SPHERELAB_DB, not --db: the log then sits beside this database too (DIR/logs/spherelab.log).
  serve = startCli(['serve', '--port', '0', '--parallel', '1'], { env: { SPHERELAB_DB: dbPath } });
  const out = await serve.waitFor('stdout', /Open http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\//);
  const url = /Open (http:\/\/127\.0\.0\.1:(\d+)\/([A-Za-z0-9_-]+)\/)/.exec(out)!;
  port = Number(url[2]);
  token = url[3]!;
  client = createWsClient({
    url: `ws://127.0.0.1:${port}/${token}/ws`,
    connect: (u) => new WebSocket(u, { origin: `http://127.0.0.1:${port}` }) as unknown as WebSocketLike,
  });
  // Data worth losing: two finished runs with their traces and points, a tag and a note.
  await client.request('experiments/create', {
    spec: { name: 'fuzz', energy: 'ce', n: 4, d: 3, seeds: [1, 2] },
  });
  for (let i = 0; i < 600; i++) {
    const page = await client.request('runs/list', {});
    if (page.rows.length === 2 && page.rows.every((r) => r.status === 'completed')) {
      runIds = page.rows.map((r) => r.id);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(runIds).toHaveLength(2);
  await client.request('runs/tag', { ids: runIds, add: ['kept'] });
  await client.request('runs/note', { id: runIds[0]!, note: 'must survive the fuzzing' });
  before = hashData(dbPath);
}, 90_000);

afterAll(async () => {
  client?.close();
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    const killer = setTimeout(() => serve.child.kill('SIGKILL'), 10_000);
    await serve.exited;
    clearTimeout(killer);
  }
  if (rows.length) {
    const table = rows.map(
      (r) =>
        `${r.category.padEnd(18)} ${String(r.tried).padStart(6)} ${String(r.handled).padStart(8)} ${String(r.crashes).padStart(8)} ${String(r.dataLost).padStart(10)}`,
    );
    console.log(
      [`fuzz seed ${SEED}`, 'category            tried  handled  crashes  data lost', ...table].join('\n'),
    );
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/fuzz-host-summary.json', JSON.stringify({ seed: SEED, rows }, null, 2));
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The host is alive, answers a valid request, and has lost nothing. */
async function checkHost(row: Row): Promise<void> {
  if (serve.child.exitCode !== null || serve.child.signalCode !== null) row.crashes++;
  expect(serve.child.exitCode).toBeNull();
  const info = await client.request('app/info', {});
  expect(info.host).toBe('serve');
  if (hashData(dbPath) !== before) row.dataLost++;
  expect(hashData(dbPath)).toBe(before);
}

async function fuzz<I>(
  category: string,
  seedOffset: number,
  make: (rng: Rng) => I,
  handled: (input: I) => Promise<boolean>,
): Promise<Row> {
  const rng = mulberry32(SEED + seedOffset);
  const row: Row = { category, tried: 0, handled: 0, crashes: 0, dataLost: 0, unhandled: [] };
  rows.push(row);
  const start = Date.now();
  while (row.tried < PER_CATEGORY && Date.now() - start < CATEGORY_BUDGET_MS) {
    for (let i = 0; i < BATCH && row.tried < PER_CATEGORY; i++) {
      row.tried++;
      const input = make(rng);
      if (await handled(input)) row.handled++;
      else if (row.unhandled.length < 5) row.unhandled.push(JSON.stringify(input).slice(0, 400));
    }
    await checkHost(row);
  }
  return row;
}

const target = () => ({ port, token });
const http = (bytes: string | Buffer) => httpHandled(port, bytes);

describe('fuzzing a real spherelab serve', () => {
  it('answers malformed request lines', async () => {
    const row = await fuzz('request lines', 1, (rng) => gen.requestLine(rng, target()), http);
    expect(row.unhandled).toEqual([]);
  }, 60_000);

  it('answers malformed headers', async () => {
    const row = await fuzz('headers', 2, (rng) => gen.headers(rng, target()), http);
    expect(row.unhandled).toEqual([]);
  }, 60_000);

  it('answers broken percent-escapes', async () => {
    const row = await fuzz('percent-escapes', 3, (rng) => gen.percentEscapes(rng, target()), http);
    expect(row.unhandled).toEqual([]);
  }, 60_000);

  it('answers hostile paths', async () => {
    const row = await fuzz('paths', 4, (rng) => gen.paths(rng, target()), http);
    expect(row.unhandled).toEqual([]);
  }, 60_000);

  it('closes on WebSocket frames that break the protocol', async () => {
    const row = await fuzz('WebSocket frames', 5, gen.wsFrames, (frames) =>
      framesHandled(port, token, frames),
    );
    expect(row.unhandled).toEqual([]);
  }, 60_000);

  it('answers hostile contract payloads with error replies', async () => {
    const socket = contractSocket(`ws://127.0.0.1:${port}/${token}/ws`, `http://127.0.0.1:${port}`);
    // what the host receives: the payload after the wire (undefined fields dropped, $nonFinite decoded)
    const onTheWire = (payload: unknown) =>
      (decodeFrame(encodeFrame({ payload })) as { payload: unknown }).payload;
    const make = (rng: Rng) => {
      let input = gen.contractPayload(rng, REQUEST_NAMES, runIds);
      // a payload the contract accepts would really change data; the hostile ones are what counts here
      while (
        MUTATING.has(input.name as RequestName) &&
        requests[input.name as RequestName].input.safeParse(onTheWire(input.payload)).success
      )
        input = gen.contractPayload(rng, REQUEST_NAMES, runIds);
      return input;
    };
    const row = await fuzz('contract payloads', 6, make, async (input) => {
      const answer = await socket.send(input.name, input.payload);
      if (!answer) return false;
      if (answer.closeCode !== undefined) return [1007, 1008, 1009].includes(answer.closeCode);
      const reply = answer.reply!;
      if (reply.ok === true) return !MUTATING.has(input.name as RequestName);
      return (reply.error as { code: string }).code !== 'internal';
    });
    socket.close();
    expect(row.unhandled).toEqual([]);
  }, 60_000);

  it('logged the refusals in the data folder', async () => {
    const log = readFileSync(join(dir, 'logs', 'spherelab.log'), 'utf8');
    expect(log).toMatch(/"process":"serve"/);
    expect(log).toContain('refused malformed HTTP');
    expect(log).toContain('WebSocket protocol error');
  });
});
