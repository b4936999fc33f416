import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './session';

/**
 * The design view writes an experiment as a Slurm job folder (the `slurm/write` request) for users
 * who submit from a login node: the folder appears under the data folder with the scripts the CLI
 * would write, and options Slurm would refuse are refused in the form.
 */
describe('design view: a Slurm job folder', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession({ parallel: 1 });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('refuses a time Slurm would not take, then writes the folder', async () => {
    const { page } = session.browser;
    await session.app.navigate('Design');
    await session.design.fill({ name: 'cluster grid', n: '4..6', d: '3', seeds: '1, 2' });
    expect(await session.design.runCount()).toBe(6);
    await page.getByTestId('slurm-panel').locator('summary').click();
    await page.getByTestId('slurm-shards').fill('3');
    await page.getByTestId('slurm-time').fill('1 hour');
    await expect(page.getByTestId('slurm-problems').textContent()).resolves.toContain(
      'Time per task: a Slurm time limit',
    );
    expect(await page.getByTestId('slurm-write').isEnabled()).toBe(false);

    await page.getByTestId('slurm-time').fill('0:30:00');
    await page.getByTestId('slurm-write').click();
    const written = await page.getByTestId('slurm-written').textContent({ timeout: 30_000 });
    const folder = /Written to (\S+)\./.exec(written ?? '')?.[1];
    expect(folder?.startsWith(join(session.host.dataDir, 'slurm-jobs', 'cluster-grid-'))).toBe(true);
    expect(readdirSync(folder!).sort()).toEqual([
      'job.json',
      'logs',
      'merge.sbatch',
      'results',
      'shards.sbatch',
      'spec.json',
    ]);
    const script = readFileSync(join(folder!, 'shards.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --array=0-2');
    expect(script).toContain('#SBATCH --time=0:30:00');
    expect(JSON.parse(readFileSync(join(folder!, 'spec.json'), 'utf8'))).toMatchObject({
      name: 'cluster grid',
      d: 3,
    });
    expect(written).toContain('spherelab slurm submit .');
    expect(session.browser.pageErrors).toEqual([]);
  }, 120_000);
});
