import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RunSpec } from '../../core/spec/run-spec';
import type { CliContext } from '../../electron/cli/command';
import { rmCommandWith } from '../../electron/cli/commands/rm';
import { openStore } from '../../electron/backend/store/store';
import { tempDir } from './store-fixtures';

/** `spherelab rm` asking on a terminal: only "y" or "yes" deletes. */
function terminal(answer: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  let said = '';
  stderr.on('data', (b) => (said += b));
  stdin.end(`${answer}\n`);
  const context: CliContext = { stdout: new PassThrough(), stderr, onInterrupt: () => () => {} };
  return { stdin, context, said: () => said };
}

describe('spherelab rm on a terminal', () => {
  it.each([
    ['n', false],
    ['', false],
    ['yes', true],
  ])('answering %j deletes: %s', async (answer, deleted) => {
    const db = join(tempDir(), 'rm.db');
    const store = openStore(db);
    const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 3, d: 2 }));
    store.endRun(id, 'failed', 'test');
    store.close();
    const { stdin, context, said } = terminal(answer);
    const code = await rmCommandWith({ stdin }).main([id.slice(0, 8), '--db', db], context);
    expect(said()).toContain(`Delete run ${id} from ${db}? [y/N]`);
    expect(code).toBe(deleted ? 0 : 1);
    const after = openStore(db);
    expect(after.getRun(id) === null).toBe(deleted);
    after.close();
  });
});
