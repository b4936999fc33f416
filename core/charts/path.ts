import { configurationLabel } from '../configuration/label';
import type { EnergyKind } from '../energies/energy';
import { formatParameter, formatValue, isNoise } from '../format';
import type { Direction, PathResult, PathStep } from '../path/path';
import { formatTransitionS } from '../path/text';
import { energyLimits } from '../theory/energy-limits';
import type { Cell, Figure } from './figure';
import { escapeHtml, frame, styledSeries, valueAxis, type SeriesOption } from './option-styles';
import { REFERENCE_COLOR } from './palette';
import { look, type ChartPreset } from './preset';

/**
 * A path in s (core/path): two panels over s, sharing the s axis. Above, the energy's excess over the
 * proven lower bound the runs report (the simplex ETF bound for ce and two-set, Jensen's for pair):
 * the energy itself falls by orders of magnitude over a path, its excess over a smooth bound keeps a
 * transition's kink and the gap between two branches visible. Below, lambda_min, the lowest Hessian
 * eigenvalue off the rotation orbit (negative: a saddle; zero: degenerate). Each sweep is a series
 * (up, down, fresh starts), so hysteresis shows as two curves that part. Every located transition is
 * a vertical line through both panels, labelled with its s, and the configuration of the lowest
 * energy is named in each stretch between two transitions.
 */

export interface PathFigureInput {
  spec: { energy: EnergyKind; n: number; d: number; sFrom: number; sTo: number };
  result: PathResult;
}

const SWEEPS: { direction: Direction; name: string; line: boolean }[] = [
  { direction: 'up', name: 's increasing', line: true },
  { direction: 'down', name: 's decreasing', line: true },
  { direction: 'fresh', name: 'fresh starts', line: false },
];

const BOUND_NAME: Partial<Record<EnergyKind, string>> = {
  ce: 'the simplex ETF bound n log(1 + (n \u2212 1) e^(\u2212sn/(n\u22121)))',
  'two-set': 'the simplex ETF bound n log(1 + (n \u2212 1) e^(\u2212sn/(n\u22121)))',
  pair: "Jensen's bound n(n \u2212 1) e^(\u2212s/(n\u22121))",
};

/** Excess over the bound; rounding noise (a configuration at the bound) is 0, never data. */
function excessOf(step: PathStep, spec: PathFigureInput['spec']): { bound: number; excess: number } {
  const limits = energyLimits(spec.energy, spec.n, spec.d, step.s);
  const excess = step.energy - limits.bound;
  const noise = isNoise(excess, { floor: 4 * limits.rounding, scale: limits.bound });
  return { bound: limits.bound, excess: noise ? 0 : excess };
}

/**
 * The stretches of s between transitions and the configuration of the lowest energy in each: a
 * transition names both sides, the stretches without one are named by their lowest step.
 */
export function pathStretches(path: PathFigureInput): { from: number; to: number; label: string }[] {
  const transitions = [...path.result.transitions].sort((a, b) => a.s - b.s);
  const edges = [path.spec.sFrom, ...transitions.map((t) => t.s), path.spec.sTo];
  return edges.slice(0, -1).map((from, k) => {
    const to = edges[k + 1]!;
    const named = k < transitions.length ? transitions[k]!.from : transitions[k - 1]?.to;
    const label = named ? configurationLabel(named) : lowestLabel(path.result.steps, from, to);
    return { from, to, label };
  });
}

function lowestLabel(steps: PathStep[], from: number, to: number): string {
  const inside = steps.filter((p) => p.s >= from && p.s <= to);
  const lowest = inside.reduce<PathStep | null>((a, p) => (a === null || p.energy < a.energy ? p : a), null);
  return lowest ? configurationLabel(lowest.configuration) : 'unrecognised';
}

export function pathChart(path: PathFigureInput, preset: ChartPreset): Figure {
  const lk = look(preset);
  const { spec, result } = path;
  const rows: Cell[][] = [];
  const excesses: number[] = [];
  const lambdas: number[] = [];
  const series: SeriesOption[] = [];
  const legend: string[] = [];
  SWEEPS.forEach(({ direction, name, line }, style) => {
    const steps = result.steps.filter((p) => p.direction === direction).sort((a, b) => a.s - b.s);
    if (steps.length === 0) return;
    legend.push(name);
    const excessData: [number, number, string][] = [];
    const lambdaData: [number, number, string][] = [];
    for (const step of steps) {
      const { bound, excess } = excessOf(step, spec);
      const label = configurationLabel(step.configuration);
      excesses.push(excess);
      excessData.push([step.s, excess, label]);
      if (step.lambdaMin !== null) {
        lambdas.push(step.lambdaMin);
        lambdaData.push([step.s, step.lambdaMin, label]);
      }
      rows.push([step.s, direction, step.energy, bound, excess, step.dEds, step.lambdaMin, label]);
    }
    // fresh starts mostly land on a sweep's point: drawn as larger open markers on top, a ring around it
    const sweepSeries = (data: unknown[]) => {
      const styled = styledSeries(lk, style, name, data, { line });
      return line
        ? styled
        : {
            ...styled,
            z: 3,
            symbolSize: lk.symbolSize * (lk.paper ? 1.4 : 1.8),
            itemStyle: { color: 'transparent', borderColor: styled.color, borderWidth: lk.paper ? 0.8 : 1.5 },
          };
    };
    series.push(
      { ...sweepSeries(excessData), xAxisIndex: 0, yAxisIndex: 0 },
      { ...sweepSeries(lambdaData), xAxisIndex: 1, yAxisIndex: 1 },
    );
  });
  // a log axis needs every excess positive; one at the bound (the simplex ETF) keeps the axis linear
  const logExcess = excesses.length > 0 && excesses.every((v) => v > 0);
  const notes: string[] = [];
  series.push(...transitionMarks(lk, path), zeroLine(lk));

  const base = frame(lk, `Path in s: n = ${spec.n}, d = ${spec.d}`, { legend });
  const xAxis = (index: number) => {
    const axis = valueAxis(lk, { name: index === 1 ? 's' : '', min: spec.sFrom, max: spec.sTo }, 'x');
    return { ...axis, gridIndex: index, axisLabel: { ...axis.axisLabel, show: index === 1 } };
  };
  const fixed = [`energy = ${spec.energy}`, `n = ${spec.n}`, `d = ${spec.d}`];
  notes.push(`excess over ${BOUND_NAME[spec.energy] ?? 'the proven lower bound'}`);
  for (const t of [...result.transitions].sort((a, b) => a.s - b.s)) notes.push(transitionText(t));
  for (const j of result.jumps)
    notes.push(
      `the ${j.direction === 'up' ? 'increasing' : 'decreasing'} sweep jumps between s = ${formatParameter(j.between[0])} and ${formatParameter(j.between[1])}: ${configurationLabel(j.from)} \u2192 ${configurationLabel(j.to)}`,
    );
  return {
    option: {
      ...base,
      grid: stackedGrids(lk, base.grid),
      tooltip: lk.paper ? undefined : { trigger: 'item' as const, confine: true, formatter: pointText },
      xAxis: [xAxis(0), xAxis(1)],
      yAxis: [
        {
          ...valueAxis(lk, { name: 'E \u2212 bound', log: logExcess, values: excesses, notes }, 'y'),
          gridIndex: 0,
        },
        {
          ...valueAxis(lk, { name: '\u03bb_min', values: lambdas, notes }, 'y'),
          gridIndex: 1,
          // a short paper panel holds few labels: one per two text lines
          splitNumber: lk.canvas
            ? Math.max(2, Math.floor(panelHeight(lk, base.grid) / (lk.fontSize * 2.5)))
            : undefined,
        },
      ],
      series,
    } as Figure['option'],
    table: {
      columns: ['s', 'sweep', 'energy', 'bound', 'energyExcess', 'dEds', 'lambdaMin', 'configuration'],
      rows,
      preamble: [
        ...result.transitions.map(transitionText),
        ...(result.transitions.length === 0 ? ['no transitions located'] : []),
      ],
    },
    notes,
    fixed,
  };
}

/**
 * The two panels, one above the other. On a canvas of known height (paper) the gap between them is
 * fixed in points, room for the transition's "s = ..." label above the lower panel at any size; on
 * screen the panels take shares of the chart's height.
 */
const PANEL_GAP_LINES = 2.8;

/** A panel's height in points on a canvas of known height. */
function panelHeight(lk: ReturnType<typeof look>, grid: { top: number; bottom: number }): number {
  return ((lk.canvas?.height ?? 0) - grid.top - grid.bottom - lk.fontSize * PANEL_GAP_LINES) / 2;
}

function stackedGrids(lk: ReturnType<typeof look>, grid: { top: number; bottom: number }) {
  const panel: number | string = lk.canvas ? panelHeight(lk, grid) : '30%';
  return [
    { ...grid, bottom: undefined, height: panel },
    { ...grid, top: undefined, height: panel },
  ];
}

function transitionText(t: PathResult['transitions'][number]): string {
  const what =
    t.kind === 'kink' ? ' (kink in dE/ds)' : t.kind === 'lambda-min' ? ' (\u03bb_min changes sign)' : '';
  return `transition at s = ${formatTransitionS(t)}${what}: ${configurationLabel(t.from)} \u2192 ${configurationLabel(t.to)}`;
}

/**
 * The transitions as vertical lines through both panels and the configurations named above each
 * stretch between them, on series without data of their own so that hiding a sweep in the legend
 * keeps them.
 */
function transitionMarks(lk: ReturnType<typeof look>, path: PathFigureInput): SeriesOption[] {
  const lines = path.result.transitions.map((t) => ({
    xAxis: t.s,
    label: formatTransitionS(t),
  }));
  const lineStyle = { color: REFERENCE_COLOR, type: 'dashed' as const, width: lk.paper ? 0.8 : 1 };
  const mark = (panel: number, labelled: boolean): SeriesOption => ({
    type: 'line',
    name: `transitions ${panel}`,
    data: [],
    xAxisIndex: panel,
    yAxisIndex: panel,
    silent: true,
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle,
      label: labelled
        ? {
            show: true,
            position: 'end',
            formatter: (p: { data?: { label?: string } }) => `s = ${p.data?.label ?? ''}`,
            color: lk.text,
            fontSize: lk.fontSize * 0.9,
          }
        : { show: false },
      data: lines,
    },
    ...(panel === 0
      ? {
          markArea: {
            silent: true,
            itemStyle: { color: 'transparent' },
            label: { show: true, position: 'insideTop', color: lk.text, fontSize: lk.fontSize * 0.9 },
            data: pathStretches(path).map((stretch) => [
              { xAxis: stretch.from, name: stretch.label },
              { xAxis: stretch.to },
            ]),
          },
        }
      : {}),
  });
  return [mark(0, false), mark(1, true)];
}

/** lambda_min = 0 separates strict minima from saddles. */
function zeroLine(lk: ReturnType<typeof look>): SeriesOption {
  return {
    type: 'line',
    name: 'lambda zero',
    data: [],
    xAxisIndex: 1,
    yAxisIndex: 1,
    silent: true,
    markLine: {
      symbol: 'none',
      silent: true,
      label: { show: false },
      lineStyle: { color: lk.axisLine, type: 'solid' as const, width: lk.paper ? 0.5 : 1 },
      data: [{ yAxis: 0 }],
    },
  };
}

/** A point's tooltip: the sweep, s, the value and the configuration found there. */
function pointText(params: { marker?: string; seriesName?: string; value?: unknown }): string {
  const [s, value, label] = Array.isArray(params.value) ? params.value : [];
  return `${params.marker ?? ''}${escapeHtml(params.seriesName ?? '')}<br/>s = ${escapeHtml(formatParameter(s as number))}, ${escapeHtml(formatValue(value as number))}<br/>${escapeHtml(String(label ?? ''))}`;
}
