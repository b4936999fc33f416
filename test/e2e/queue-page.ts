import type { Page } from 'playwright-core';

/** The Queue view: running runs with sparklines, experiments with progress, cancel and resume. */
export class QueuePage {
  constructor(readonly page: Page) {}

  experiment(name: string) {
    return this.page.locator('li.experiment').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Waits until every run of the experiment has completed ("k / k completed"). */
  async waitForExperimentCompleted(name: string, runs: number, timeoutMs = 120_000): Promise<void> {
    await this.experiment(name).getByTestId('experiment-progress').filter({ hasText: `${runs} / ${runs} completed` }).waitFor({ timeout: timeoutMs });
  }

  async progressText(name: string): Promise<string> {
    return (await this.experiment(name).getByTestId('experiment-progress').textContent()) ?? '';
  }

  /** Waits for a running run and returns its id. */
  async waitForRunningRun(timeoutMs = 60_000): Promise<string> {
    const row = this.page.getByTestId('running-table').locator('tbody tr').first();
    await row.waitFor({ timeout: timeoutMs });
    return (await row.getAttribute('data-run-id')) ?? '';
  }

  /** Waits until the run's energy sparkline has drawn a line from live progress. */
  async waitForSparkline(runId: string): Promise<void> {
    await this.page.locator(`tr[data-run-id="${runId}"] figure[aria-label="energy sparkline"] polyline`).waitFor();
  }

  async openRun(runId: string): Promise<void> {
    await this.page.locator(`tr[data-run-id="${runId}"] a`).first().click();
    await this.page.waitForURL(new RegExp(`#/runs/${runId}$`));
  }

  async cancelRun(runId: string): Promise<void> {
    await this.page.getByRole('button', { name: `Cancel run ${runId.slice(0, 8)}` }).first().click();
  }

  /** Waits for the run in the interrupted list, then resumes it from its checkpoint. */
  async resumeInterrupted(runId: string): Promise<void> {
    const row = this.page.getByTestId('interrupted').locator(`[data-run-id="${runId}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
  }

  async waitUntilNotRunning(runId: string): Promise<void> {
    await this.page.locator(`tr[data-run-id="${runId}"]`).waitFor({ state: 'detached' });
  }
}
