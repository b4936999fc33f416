import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** The app shell: navigation (by click and by keyboard), the host status, theme, toasts, screenshots. */
export class WorkbenchPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('host-status').filter({ hasText: 'Connected' }).waitFor();
  }

  async navigate(section: 'Design' | 'Queue' | 'History'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
    await this.page.getByRole('heading', { level: 1 }).first().waitFor();
  }

  /** The "g x" shortcut, typed with focus outside any form field. */
  async goWithKeyboard(key: 'd' | 'q' | 'h'): Promise<void> {
    await this.page.locator('body').focus();
    await this.page.keyboard.press('g');
    await this.page.keyboard.press(key);
  }

  async toggleTheme(): Promise<void> {
    await this.page.getByTestId('theme-toggle').click();
  }

  async theme(): Promise<string | null> {
    return this.page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  }

  /** Waits for a toast containing `text` and returns its full text. */
  async toast(text: string | RegExp): Promise<string> {
    const toast = this.page.locator('.toast').filter({ hasText: text }).first();
    await toast.waitFor();
    return (await toast.textContent()) ?? '';
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: false });
    return path;
  }
}
