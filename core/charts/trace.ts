import { formatNumber, formatValue } from '../format';
import { lttbIndices } from './downsample';
import { extent, frame, legendNames, styledSeries, valueAxis, type SeriesOption } from './option-styles';
import type { Cell, Figure } from './figure';
import { look, type ChartPreset } from './preset';

/**
 * A solve's progress against the iteration or the wall time, one series per run and restart, both
 * panels on log scales: the energy's excess E - min E over the lowest energy of the run's trace (the
 * energy itself barely moves after the first steps, its excess shows the convergence), and the
 * Riemannian gradient norm. The sample at the minimum has excess 0 and appears only in the gradient
 * panel. Long traces are downsampled with LTTB on log10 of each quantity; the kept samples are the
 * union for both, so the CSV lists every drawn sample once with its energy, excess and gradient.
 */
export interface TraceColumns {
  restart: ArrayLike<number>;
  iteration: ArrayLike<number>;
  energy: ArrayLike<number>;
  gradNorm: ArrayLike<number>;
  elapsedMs: ArrayLike<number>;
}

export interface TraceInput {
  /** legend text of the run, e.g. "n = 40, d = 3" or a short id */
  label: string;
  trace: TraceColumns;
}

export type TraceAxis = 'iteration' | 'time';

export const TRACE_MAX_POINTS = 1000;

function restartsOf(trace: TraceColumns): number[] {
  return [...new Set(Array.from(trace.restart))].sort((a, b) => a - b);
}

/** Sample indices of one restart, downsampled so both curves keep their shape. */
export function traceSamples(
  trace: TraceColumns,
  restart: number,
  axis: TraceAxis,
  maxPoints: number,
  minEnergy = 0,
): number[] {
  const indices: number[] = [];
  for (let i = 0; i < trace.restart.length; i++) if (trace.restart[i] === restart) indices.push(i);
  const x = indices.map((i) => (axis === 'time' ? trace.elapsedMs[i] : trace.iteration[i]));
  const excess = indices.map((i) => Math.log10(trace.energy[i] - minEnergy));
  const gradient = indices.map((i) => Math.log10(trace.gradNorm[i]));
  const kept = new Set([
    ...lttbIndices(x, excess, maxPoints / 2),
    ...lttbIndices(x, gradient, maxPoints / 2),
  ]);
  return [...kept].sort((a, b) => a - b).map((k) => indices[k]);
}

export function traceChart(
  runs: TraceInput[],
  axis: TraceAxis,
  preset: ChartPreset,
  maxPoints = TRACE_MAX_POINTS,
): Figure {
  const lk = look(preset);
  const xOf = (trace: TraceColumns, i: number) =>
    axis === 'time' ? trace.elapsedMs[i] / 1000 : trace.iteration[i];
  const series: SeriesOption[] = [];
  const notes: string[] = [];
  const excesses: number[] = [];
  const rows: Cell[][] = [];
  let style = 0;
  const gradients: number[] = [];
  for (const run of runs) {
    const restarts = restartsOf(run.trace);
    const minEnergy = extent(Array.from(run.trace.energy))[0];
    // 10 digits: enough to tell runs apart; the CSV has every digit
    notes.push(`${run.label}: min E = ${formatNumber(minEnergy, 10)}`);
    for (const restart of restarts) {
      const name = restarts.length > 1 ? `${run.label}, restart ${restart}` : run.label;
      const kept = traceSamples(run.trace, restart, axis, maxPoints, minEnergy);
      const energy = kept
        .filter((i) => run.trace.energy[i] > minEnergy)
        .map((i) => [xOf(run.trace, i), run.trace.energy[i] - minEnergy]);
      for (const [, e] of energy) excesses.push(e);
      const grad = kept
        .filter((i) => run.trace.gradNorm[i] > 0)
        .map((i) => [xOf(run.trace, i), run.trace.gradNorm[i]]);
      for (const [, g] of grad) gradients.push(g);
      for (const i of kept) {
        rows.push([
          run.label,
          restart,
          run.trace.iteration[i],
          run.trace.elapsedMs[i],
          run.trace.energy[i],
          run.trace.energy[i] - minEnergy,
          run.trace.gradNorm[i],
        ]);
      }
      const symbolSize = lk.symbolSize * 0.6;
      series.push(
        {
          ...styledSeries(lk, style, name, energy, { symbolSize }),
          showSymbol: false,
          xAxisIndex: 0,
          yAxisIndex: 0,
        },
        {
          ...styledSeries(lk, style, name, grad, { symbolSize }),
          showSymbol: false,
          xAxisIndex: 1,
          yAxisIndex: 1,
        },
      );
      style++;
    }
  }
  const base = frame(lk, 'Energy and gradient norm', { legend: legendNames(series) });
  const xName = axis === 'time' ? 'wall time (s)' : 'iteration';
  const xAxis = (index: number) => ({
    ...valueAxis(lk, { name: index === 1 ? xName : '' }, 'x'),
    gridIndex: index,
    scale: false,
    axisLabel: { ...valueAxis(lk, { name: '' }, 'x').axisLabel, show: index === 1 },
  });
  return {
    option: {
      ...base,
      grid: [
        { ...base.grid, bottom: undefined, height: '31%' },
        { ...base.grid, top: undefined, height: '31%' },
      ],
      tooltip: lk.paper
        ? undefined
        : { trigger: 'axis' as const, confine: true, valueFormatter: (v: unknown) => formatCell(v) },
      axisPointer: lk.paper
        ? undefined
        : {
            link: [{ xAxisIndex: 'all' as const }],
            label: { formatter: (p: { value: unknown }) => formatCell(p.value) },
          },
      xAxis: [xAxis(0), xAxis(1)],
      yAxis: [
        { ...valueAxis(lk, { name: 'E \u2212 min E', log: true, values: excesses }, 'y'), gridIndex: 0 },
        {
          ...valueAxis(lk, { name: '|grad E|', log: true, values: gradients }, 'y'),
          gridIndex: 1,
        },
      ],
      series,
    } as Figure['option'],
    table: {
      columns: ['series', 'restart', 'iteration', 'elapsedMs', 'energy', 'energyExcess', 'gradNorm'],
      rows,
    },
    notes,
  };
}

/** A tooltip value: numbers through core/format (an iteration 6824, never "6,824.00"). */
function formatCell(value: unknown): string {
  return typeof value === 'number' ? formatValue(value) : String(value);
}
