import type { Page } from 'playwright-core';

/** The design form's path-in-s kind and a path's page: one method per thing a researcher does there. */
export class PathPage {
  constructor(readonly page: Page) {}

  async chooseKind(kind: 'grid' | 'path'): Promise<void> {
    await this.page.getByTestId('experiment-kind').locator(`input[data-kind="${kind}"]`).check();
  }

  async applyPreset(title: string): Promise<void> {
    await this.page.getByRole('button', { name: title }).click();
  }

  /** the solves the form says the grid needs */
  async plannedSolves(): Promise<number> {
    const solves = this.page.getByTestId('path-solves');
    await solves.waitFor();
    return Number(await solves.textContent());
  }

  async start(): Promise<string> {
    await this.page.getByTestId('path-start').click();
    await this.page.waitForURL(/#\/paths\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').at(-1)!;
  }

  async status(): Promise<string> {
    return ((await this.page.getByTestId('path-status').textContent()) ?? '').trim();
  }

  async progressText(): Promise<string> {
    return ((await this.page.getByTestId('path-progress').textContent()) ?? '').trim();
  }

  /** The transitions table's rows: s as shown, from, to. */
  async transitions(): Promise<{ s: string; from: string; to: string }[]> {
    const rows = this.page.getByTestId('transition');
    await rows.first().waitFor();
    const text = async (row: ReturnType<typeof rows.nth>, id: string) =>
      ((await row.getByTestId(id).textContent()) ?? '').trim();
    const out = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.push({ s: await text(row, 'transition-s'), from: await text(row, 'transition-from'), to: await text(row, 'transition-to') });
    }
    return out;
  }
}
