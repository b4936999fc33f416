import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * @doyensec/electronegativity over the whole project (it skips node_modules itself). Every finding
 * must be justified, one line each, in electronegativity.json; a justification that no finding
 * needs any more fails too, so the list stays the truth.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const config = JSON.parse(readFileSync(join(ROOT, 'electronegativity.json'), 'utf8')) as {
  excludeChecks: Record<string, string>;
  justified: Record<string, string>;
};

function scan(): Promise<{ checks: number; unparsed: number; findings: string[] }> {
  return new Promise((resolve, reject) => {
    // execFile kills the child (by its pid) when the timeout passes
    execFile(
      process.execPath,
      [
        join(import.meta.dirname, 'electronegativity-scan.mjs'),
        ROOT,
        Object.keys(config.excludeChecks).join(','),
      ],
      { cwd: ROOT, env: { ...process.env, LANG: 'en-US' }, timeout: 170_000, maxBuffer: 16 * 1024 ** 2 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const lines = stdout.split('\n');
        const head = JSON.parse(lines.find((l) => l.startsWith('SCAN '))!.slice(5));
        const findings = lines
          .filter((l) => l.startsWith('FINDING '))
          .map((l) => JSON.parse(l.slice(8)) as { id: string; file: string })
          .map((f) => `${f.id} ${f.file}`);
        resolve({ ...head, findings });
      },
    );
  });
}

describe('electronegativity', () => {
  it('finds nothing that electronegativity.json does not justify', async () => {
    const { checks, unparsed, findings } = await scan();
    expect(checks).toBeGreaterThan(30);
    expect(unparsed).toBe(0);
    const unjustified = [...new Set(findings)].filter((f) => !(f in config.justified));
    expect(unjustified).toEqual([]);
    const stale = Object.keys(config.justified).filter((key) => !findings.includes(key));
    expect(stale).toEqual([]);
    for (const reason of [...Object.values(config.justified), ...Object.values(config.excludeChecks)])
      expect(reason.length).toBeGreaterThan(20);
  }, 180_000);
});
