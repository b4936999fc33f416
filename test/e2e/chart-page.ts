import type { Page } from 'playwright-core';

/** The SVG text of one chart on screen (ECharts draws with its SVG renderer), once it has drawn. */
export async function chartSvg(page: Page, name: string): Promise<string> {
  const figure = page.getByTestId(`figure-${name}`);
  // a chart that failed to load shows its error in place of the chart: report it, not a timeout
  await figure.locator('svg text, [role=alert]').first().waitFor();
  const alert = figure.locator('[role=alert]');
  if ((await alert.count()) > 0) throw new Error(`${name} did not draw: ${await alert.textContent()}`);
  return figure
    .locator('.echart svg')
    .first()
    .evaluate((svg) => svg.outerHTML);
}
