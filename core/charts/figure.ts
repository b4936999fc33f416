import type { EChartsOption } from 'echarts';
import type { SettingKey, SettingValue } from '../contract/queries';
import { csvNumber } from '../format';

/**
 * What every chart builder returns: the ECharts option to draw, and the data behind it as a table
 * with one row per plotted data point (references drawn from theory are extra columns of the rows
 * they belong to, never rows of their own).
 */
export type Cell = number | string | null;

export interface FigureTable {
  columns: string[];
  rows: Cell[][];
  /** lines above the header, written as "# " comments (what the figure holds fixed) */
  preamble?: string[];
}

export interface Figure {
  option: EChartsOption;
  table: FigureTable;
  /** what the reader should know that the chart cannot show, e.g. points left off a log axis */
  notes: string[];
  /** settings held fixed ("energy = ce", "s = 1"): the paper figure's note line and the CSV header */
  fixed?: string[];
  /** compare figures: the settings the reader may narrow to one value, with their values */
  choices?: Partial<Record<SettingKey, SettingValue[]>>;
  /** compare figures: the value each narrowed setting is shown at (the reader's, or the chart's default) */
  selected?: Partial<Record<SettingKey, SettingValue>>;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? csvNumber(cell) : cell;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (after optional "# " comment lines, which pandas and R skip with comment='#'): a header line, then one line per row, CRLF-free ('\n') and ending with a newline. */
export function toCsv(table: FigureTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  const preamble = (table.preamble ?? []).map((line) => `# ${line.replace(/[\r\n]+/g, ' ')}`);
  return `${[...preamble, ...lines].join('\n')}\n`;
}
