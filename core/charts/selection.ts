import { SETTING_KEYS, type CompareResult, type SettingKey, type SettingValue } from '../contract/queries';
import { formatAssignment, formatParameter } from '../format';
import type { CompareSeries } from './aggregate';

/**
 * What a compare chart says about its selection: which settings split its series (they vary, and a
 * point pools only seeds), which were narrowed to one value by the reader (filters), and which are
 * held fixed. The same words go into the chart's notes, the paper figure's note line and the CSV header.
 */

/** How a setting is named in legends, notes and file headers. */
export const SETTING_LABELS: Record<SettingKey, string> = {
  energyKind: 'energy',
  n: 'n',
  d: 'd',
  s: 's',
  alpha: '\u03b1',
  optimizer: 'optimizer',
  tol: 'tol',
  maxIter: 'max iterations',
  timeLimitSec: 'time limit (s)',
  memory: 'memory',
  logEnergy: 'log energy',
};

/** Settings narrowed to one value: a filter on the series (and, for x, on the points). */
export type SettingFilter = Partial<Record<SettingKey, SettingValue>>;

/** A setting's value alone: "0.7937", "ce", "none". */
export function settingValueText(value: SettingValue | undefined): string {
  if (value === null || value === undefined) return 'none';
  return typeof value === 'string' ? value : formatParameter(value);
}

/** "s = 0.7937", "energy = ce", "no time limit". */
export function settingText(key: SettingKey, value: SettingValue | undefined): string {
  if (key === 'timeLimitSec' && (value === null || value === undefined)) return 'no time limit';
  return formatAssignment(SETTING_LABELS[key], settingValueText(value));
}

/** The value of a setting in a series (grouped or split), undefined when the series does not fix it. */
export function seriesSetting(
  series: Pick<CompareSeries, 'group' | 'split'>,
  key: SettingKey,
): SettingValue | undefined {
  if (key in series.group) return series.group[key as keyof CompareSeries['group']];
  return series.split?.[key];
}

/** The settings that tell the series apart: groupBy, then the split settings. */
export function seriesKeys(result: Pick<CompareResult, 'groupBy' | 'split'>): SettingKey[] {
  return [...(result.groupBy as SettingKey[]), ...(result.split ?? [])].filter(
    (k, i, all) => all.indexOf(k) === i,
  );
}

/** The result narrowed to the filter's values: series that fix another value go, and so do x values. */
export function applyFilter(result: CompareResult, filter: SettingFilter = {}): CompareResult {
  const keys = (Object.keys(filter) as SettingKey[]).filter((k) => filter[k] !== undefined);
  if (keys.length === 0) return result;
  const series = result.series
    .filter((s) =>
      keys.every((k) => {
        const v = seriesSetting(s, k);
        return v === undefined || v === filter[k];
      }),
    )
    .map((s) =>
      keys.includes(result.x as SettingKey)
        ? { ...s, points: s.points.filter((p) => p.x === filter[result.x as SettingKey]) }
        : s,
    );
  return { ...result, series };
}

/**
 * Settings with one value in the (filtered) selection, as "name = value" texts: what the figure holds
 * fixed. The x axis' own variable is left out, and so is α where no energy uses it.
 */
export function heldFixed(result: CompareResult, filter: SettingFilter = {}): string[] {
  const values = result.values ?? {};
  const energies = values.energyKind ?? [];
  const texts: string[] = [];
  for (const key of SETTING_KEYS) {
    if (key === result.x || values[key] === undefined) continue;
    if (key === 'alpha' && !energies.includes('riesz') && filter.energyKind !== 'riesz') continue;
    const only = filter[key];
    const list = values[key] ?? [];
    if (only !== undefined) texts.push(settingText(key, only));
    else if (list.length === 1) texts.push(settingText(key, list[0]));
  }
  return texts;
}

/** The note on split series: which settings became series, and why. */
export function splitNote(
  result: Pick<CompareResult, 'split' | 'values'>,
  filter: SettingFilter = {},
): string[] {
  const split = (result.split ?? []).filter((k) => filter[k] === undefined);
  if (split.length === 0) return [];
  const named = split.map((k) => {
    const list = (result.values?.[k] ?? []).map((v) => settingValueText(v));
    return `${SETTING_LABELS[k]} (${list.join(', ')})`;
  });
  return [
    `one series per ${named.join(' and ')}: ${split.length > 1 ? 'they vary' : 'it varies'} in the selection, and a point pools only runs that differ by seed`,
  ];
}

/** The CSV preamble: what is held fixed, as "# " comment lines above the header. */
export function fixedPreamble(fixed: string[]): string[] {
  return fixed.length ? [`held fixed: ${fixed.join(', ')}`] : [];
}
