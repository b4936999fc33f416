import { join } from 'node:path';
import type { Page } from 'playwright-core';

export type FilterName = 'text' | 'nMin' | 'nMax' | 'dMin' | 'dMax' | 'sMin' | 'sMax' | 'tag';

/** The History view: filters, sorting, paging, selection and the actions on a selection. */
export class HistoryPage {
  constructor(readonly page: Page) {}

  rows() {
    return this.page.getByTestId('history-table').locator('tbody tr');
  }

  async filter(values: Partial<Record<FilterName, string>>): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      await this.page.locator(`[data-filter="${name}"]`).fill(value);
    }
  }

  async filterStatus(status: string): Promise<void> {
    await this.page.locator('[data-filter="status"]').selectOption(status);
  }

  /** Waits until the table shows exactly `count` matching runs (the pager counts all pages). */
  async waitForTotal(count: number): Promise<void> {
    const text = count === 0 ? '0 runs' : `of ${count.toLocaleString('en-US')}`;
    if (count === 0) await this.page.getByText('No run matches these filters').waitFor();
    else await this.page.getByTestId('page-range').filter({ hasText: new RegExp(`${text}$`) }).waitFor();
  }

  async runIds(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') ?? ''));
  }

  /** The texts of one column (by its id, e.g. "n" or "coherence") in every row on the page. */
  async columnValues(column: string): Promise<string[]> {
    const headers = this.page.getByTestId('history-table').locator('thead th');
    const ids = await headers.evaluateAll((ths) => ths.map((th) => th.getAttribute('data-column')));
    const index = ids.indexOf(column);
    if (index < 0) throw new Error(`no column "${column}" on screen (${ids.filter(Boolean).join(', ')})`);
    return this.rows().evaluateAll((rows, i) => rows.map((r) => r.children[i]?.textContent?.trim() ?? ''), index);
  }

  async sortBy(column: string): Promise<void> {
    await this.page.locator(`button[data-sort="${column}"]`).click();
  }

  async selectAllOnPage(): Promise<void> {
    await this.page.getByLabel('Select every run on this page').check();
  }

  /** Opens a run with the keyboard: focus its row, press Enter. */
  async openRunWithKeyboard(runId: string): Promise<void> {
    await this.page.locator(`tr[data-run-id="${runId}"]`).focus();
    await this.page.keyboard.press('Enter');
    await this.page.waitForURL(new RegExp(`#/runs/${runId}$`));
  }

  /** Exports the selection; the browser downloads the archive into `folder`. Returns its path. */
  async exportSelected(folder: string): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('export-selected').click();
    const file = await download;
    const path = join(folder, file.suggestedFilename());
    await file.saveAs(path);
    return path;
  }

  /** Imports an archive through the file chooser. */
  async importArchive(path: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('import').click();
    await (await chooser).setFiles(path);
  }

  async showExperiments(): Promise<void> {
    await this.page.getByRole('tab', { name: /Experiments/ }).click();
  }

  async askToDeleteSelected(): Promise<void> {
    await this.page.getByTestId('delete-selected').click();
    await this.page.getByRole('dialog', { name: 'Delete runs?' }).waitFor();
  }

  async dialogOpen(): Promise<boolean> {
    return this.page.getByRole('dialog').isVisible();
  }
}
