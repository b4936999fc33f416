import type { Page } from 'playwright-core';

/** The run detail view: parameters, status, metrics against the theory, notes and tags. */
export class RunPage {
  constructor(readonly page: Page) {}

  async status(): Promise<string> {
    return (await this.page.getByTestId('run-status').textContent())?.trim() ?? '';
  }

  async waitForStatus(status: string, timeoutMs = 60_000): Promise<void> {
    await this.page.getByTestId('run-status').filter({ hasText: status }).waitFor({ timeout: timeoutMs });
  }

  /** "met", "above", "strict (no ETF)" for a metric with a reference. */
  async verdict(metric: string): Promise<string> {
    const cell = this.page.locator(`tr[data-metric="${metric}"] [data-testid="verdict"]`);
    await cell.waitFor();
    return (await cell.textContent())?.trim() ?? '';
  }

  /** The configuration the run found, as the run page names it ("simplex-etf", "simplex-sum 3+3+2", ...), and its gap. */
  async configuration(): Promise<{ name: string; gap: string }> {
    const row = this.page.getByTestId('configuration-row');
    await row.waitFor();
    const name = (await row.getByTestId('configuration').textContent())?.trim() ?? '';
    const gap = (await row.locator('td').nth(4).textContent())?.trim() ?? '';
    return { name, gap };
  }

  /** Scrolls the metrics-against-theory table into view. */
  async showMetrics(): Promise<void> {
    await this.page.getByTestId('reference-table').scrollIntoViewIfNeeded();
  }

  /** Waits for the live line of a running run and returns it. */
  async liveProgress(): Promise<string> {
    const line = this.page.getByTestId('live-progress');
    await line.waitFor();
    return (await line.textContent()) ?? '';
  }

  async addTag(tag: string): Promise<void> {
    await this.page.getByLabel('New tag').fill(tag);
    await this.page.getByLabel('New tag').press('Enter');
    await this.page.getByTestId('tag').filter({ hasText: tag }).waitFor();
  }

  async writeNote(text: string): Promise<void> {
    await this.page.getByTestId('note').fill(text);
    await this.page.getByTestId('save-note').click();
    await this.page.getByText('saved', { exact: true }).waitFor();
  }
}
