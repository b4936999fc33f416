import type { Page } from 'playwright-core';

export type DesignFieldName = 'name' | 'n' | 'd' | 's' | 'alpha' | 'seeds' | 'restarts' | 'tol' | 'maxIter' | 'timeLimitSec' | 'tags';

/** The Design view: one method per thing a researcher does there. */
export class DesignPage {
  constructor(readonly page: Page) {}

  field(name: DesignFieldName) {
    return this.page.getByTestId(`field-${name}`);
  }

  async fill(values: Partial<Record<DesignFieldName, string>>): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      await this.field(name as DesignFieldName).locator('input').fill(value);
    }
  }

  async chooseEnergy(label: string): Promise<void> {
    await this.page.getByLabel('Energy', { exact: true }).selectOption({ label });
  }

  async chooseOptimizer(label: string): Promise<void> {
    await this.page.getByLabel('Optimizer').selectOption({ label });
  }

  async applyPreset(title: string): Promise<void> {
    await this.page.getByRole('button', { name: title }).click();
  }

  /** The error under a field, or null when it has none. */
  async errorOf(name: DesignFieldName): Promise<string | null> {
    const error = this.field(name).locator('.field-error');
    return (await error.count()) ? await error.textContent() : null;
  }

  async runCount(): Promise<number> {
    const count = this.page.getByTestId('run-count');
    await count.waitFor();
    return Number(await count.textContent());
  }

  /** Waits until the host's work estimate is on screen. */
  async waitForEstimate(): Promise<string> {
    const summary = this.page.getByTestId('design-summary');
    await summary.getByTestId('time-total').waitFor();
    return (await summary.textContent()) ?? '';
  }

  async canStart(): Promise<boolean> {
    return this.page.getByTestId('start').isEnabled();
  }

  /** Starts the experiment; the app moves to the queue. */
  async start(): Promise<void> {
    await this.page.getByTestId('start').click();
    await this.page.waitForURL(/#\/queue$/);
  }
}
