import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
const child = spawn(process.execPath, ['bin/spherelab.mjs', 'serve', '--port', '0', '--db', '/tmp/newton/ui/spherelab.db'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SPHERELAB_DB: '' } });
try {
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(url + '#/history');
  await page.waitForSelector('[data-testid="history-table"]');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/newton/history.png' });
  await page.selectOption('[data-filter="verdict"]', 'degenerate');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/newton/history-filter.png' });
  const id = process.argv[2];
  await page.goto(url + `#/runs/${id}`);
  await page.waitForSelector('[data-testid="certificate"]');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/newton/run.png' });
  await browser.close();
} finally {
  child.kill('SIGTERM');
}
