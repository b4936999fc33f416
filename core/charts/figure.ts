import type { EChartsOption } from 'echarts';

/**
 * What every chart builder returns: the ECharts option to draw, and the data behind it as a table
 * with one row per plotted data point (references drawn from theory are extra columns of the rows
 * they belong to, never rows of their own).
 */
export type Cell = number | string | null;

export interface FigureTable {
  columns: string[];
  rows: Cell[][];
}

export interface Figure {
  option: EChartsOption;
  table: FigureTable;
  /** what the reader should know that the chart cannot show, e.g. points left off a log axis */
  notes: string[];
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  // String(number) is the shortest text that reads back as the same double
  const text = typeof cell === 'number' ? String(cell) : cell;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header line, then one line per row, CRLF-free ('\n') and ending with a newline. */
export function toCsv(table: FigureTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}
