import type { CompareQuery, CompareResult, HistoryFilters } from '../contract/queries';
import { aggregateCells, aggregateColumns, centre, hasSpread, spread, type SeedAggregate } from './aggregate';
import {
  frame,
  legendNames,
  spreadBars,
  styledSeries,
  valueAxis,
  type SpreadBar,
  type SeriesOption,
} from './option-styles';
import type { Cell, Figure } from './figure';
import { seriesLabel, VALUE_LABELS } from './labels';
import type { MetricChoice } from './metric-choice';
import { look, type ChartPreset } from './preset';
import { seriesKeys, seriesSetting } from './selection';

/**
 * Any run value against any other, one series per combination of the grouping parameters, with a
 * choice of log axes and of how the seeds of a grid point are aggregated. Values that a log axis
 * cannot show (<= 0) are left off and counted in the notes.
 */

export function metricQueries(filters: HistoryFilters, choice: MetricChoice): CompareQuery[] {
  return [
    {
      filters,
      x: choice.x,
      y: choice.y,
      groupBy: choice.groupBy,
      aggregate: choice.aggregate === 'none' ? 'none' : 'seeds',
    },
  ];
}

export function metricChart(
  data: CompareResult,
  choice: MetricChoice,
  preset: ChartPreset,
  title = `${VALUE_LABELS[choice.y]} against ${VALUE_LABELS[choice.x]}`,
): Figure {
  const lk = look(preset);
  const mode: SeedAggregate = choice.aggregate;
  const groupKeys = seriesKeys(data);
  const columns = ['series', ...groupKeys, data.x, data.y];
  if (mode === 'spread') columns.push(`${data.y}Min`, `${data.y}Max`, `${data.y}Stddev`);
  columns.push(...aggregateColumns(mode));
  const rows: Cell[][] = [];
  const series: SeriesOption[] = [];
  let hidden = 0;
  /** [x, y, low, high] of every drawn point, for the log axes' ranges */
  const drawn: number[][] = [];
  data.series.forEach((group, i) => {
    const label = seriesLabel(group, data.series);
    const plotted: number[][] = [];
    const bars: SpreadBar[] = [];
    for (const point of group.points) {
      const y = centre(point, mode);
      if ((choice.xLog && !(point.x > 0)) || (choice.yLog && !(y > 0)) || !Number.isFinite(y)) {
        hidden++;
        continue;
      }
      plotted.push([point.x, y]);
      drawn.push([point.x, y]);
      const row: Cell[] = [label, ...groupKeys.map((k) => seriesSetting(group, k) ?? null), point.x, y];
      const range = spread(point, mode);
      if (range) {
        row.push(range[0], range[1], point.stddev ?? null);
      }
      // seeds that agree draw no bar; a log axis cannot draw a bar reaching 0 or below: clipped to the point
      if (hasSpread(range)) {
        const bar = { x: point.x, y, low: choice.yLog && !(range[0] > 0) ? y : range[0], high: range[1] };
        bars.push(bar);
        drawn.push([point.x, bar.low, bar.high]);
      }
      row.push(...aggregateCells(point, mode));
      rows.push(row);
    }
    series.push(styledSeries(lk, i, label, plotted));
    if (bars.length > 0) series.push(spreadBars(lk, i, label, bars, 'y'));
  });
  const notes: string[] =
    hidden > 0 ? [`${hidden} point(s) not drawn: a log axis shows only positive values`] : [];
  return {
    option: {
      ...frame(lk, title, { legend: legendNames(series) }),
      xAxis: valueAxis(
        lk,
        {
          name: VALUE_LABELS[choice.x],
          log: choice.xLog,
          logStyle: 'plain',
          values: drawn.map((p) => p[0]),
          notes,
        },
        'x',
      ),
      yAxis: valueAxis(
        lk,
        { name: VALUE_LABELS[choice.y], log: choice.yLog, values: drawn.flatMap((p) => p.slice(1)), notes },
        'y',
      ),
      series,
    } as Figure['option'],
    table: { columns, rows },
    notes,
  };
}
