import { MAX_PAGE, type HistoryPage, type HistoryQuery } from '../contract/queries';
import { configurationLabel } from '../configuration/label';
import { CONFIGURATION_NAMES, type Configuration, type ConfigurationName } from '../configuration/schema';
import { isNoise } from '../format';

/**
 * The phase diagram coloured by configuration: which configuration a cell of the (n, d) grid shows,
 * and how the names read in its legend. A cell shows the configuration of its best run, the one with
 * the lowest energy over its seeds and restarts.
 */

/** What the diagram needs of each run behind a cell. */
export interface RunConfiguration {
  id: string;
  finalEnergy: number | null;
  /** null for runs that have not completed and for runs from before configurations were named */
  configuration: Configuration | null;
}

/** The runs' energies and configurations through a history query (the store's or the contract's), a page at a time. */
export async function listRunConfigurations(
  ids: readonly string[],
  list: (query: HistoryQuery) => Promise<HistoryPage>,
): Promise<RunConfiguration[]> {
  const found: RunConfiguration[] = [];
  for (let start = 0; start < ids.length; start += MAX_PAGE) {
    const page = await list({
      filters: { runIds: ids.slice(start, start + MAX_PAGE) },
      page: { offset: 0, limit: MAX_PAGE },
    });
    for (const run of page.rows)
      found.push({ id: run.id, finalEnergy: run.finalEnergy, configuration: run.configuration ?? null });
  }
  return found;
}

/** How a name reads in a legend or a tooltip ("simplex ETF", not `simplex-etf`). */
export const CONFIGURATION_TITLES: Record<ConfigurationName, string> = {
  'simplex-etf': 'simplex ETF',
  'cross-polytope': 'cross-polytope',
  'simplex-sum': 'simplex sum',
  polygon: 'regular polygon',
  icosahedron: 'icosahedron',
  orthonormal: 'orthonormal',
  'tight-frame': 'tight frame',
  antipodal: 'antipodal set',
  unrecognised: 'unrecognised',
};

/** "simplex sum 4+2", "simplex ETF": the title with a simplex sum's parts. */
export function configurationTitle(c: Pick<Configuration, 'name' | 'parts'>): string {
  const title = CONFIGURATION_TITLES[c.name];
  return c.parts ? `${title} ${c.parts.join('+')}` : title;
}

/** The configuration a cell shows, and which run it is from. */
export interface CellConfiguration {
  runId: string;
  energy: number;
  configuration: Configuration;
  /** the runs of the cell at its lowest energy (ties within rounding, the shown run among them) */
  runsAtBest: number;
  /** other configurations found at the same lowest energy, one per label (`configurationLabel`) */
  tiedWith: Configuration[];
  /** what the cell's other runs stopped at, above the lowest energy: each label once, lowest first, with its run count */
  higher: { configuration: Configuration; runs: number }[];
}

/**
 * The configuration of a cell's best run. Runs whose energies differ by rounding noise only
 * (core/format `isNoise`, relative to the energy) tie; among tied runs a named configuration wins
 * over `unrecognised` (a seed stopped a little further from the same minimum can miss the naming
 * tolerance), then the name found by more of them, then the lowest energy, then the run id. Null when
 * no run of the cell has both an energy and a configuration.
 */
export function cellConfiguration(
  runIds: readonly string[],
  runs: ReadonlyMap<string, RunConfiguration>,
): CellConfiguration | null {
  const known = runIds
    .map((id) => runs.get(id))
    .filter(
      (r): r is RunConfiguration & { finalEnergy: number; configuration: Configuration } =>
        r !== undefined &&
        r.configuration !== null &&
        r.finalEnergy !== null &&
        Number.isFinite(r.finalEnergy),
    )
    .sort((a, b) => a.finalEnergy - b.finalEnergy || (a.id < b.id ? -1 : 1));
  if (known.length === 0) return null;
  const lowest = known[0].finalEnergy;
  const tied = known.filter((r) => {
    const excess = r.finalEnergy - lowest;
    return excess === 0 || isNoise(excess, { scale: Math.abs(lowest) });
  });
  const byLabel = new Map<string, typeof tied>();
  for (const r of tied) {
    const label = configurationLabel(r.configuration);
    byLabel.set(label, [...(byLabel.get(label) ?? []), r]);
  }
  // tied is sorted by energy: each group's first run is its lowest, and Map keeps first-seen order
  const groups = [...byLabel.values()].sort(
    (a, b) =>
      Number(a[0].configuration.name === 'unrecognised') -
        Number(b[0].configuration.name === 'unrecognised') || b.length - a.length,
  );
  const shown = groups[0][0];
  const higher = new Map<string, { configuration: Configuration; runs: number }>();
  for (const r of known.slice(tied.length)) {
    const label = configurationLabel(r.configuration);
    const seen = higher.get(label);
    if (seen) seen.runs++;
    else higher.set(label, { configuration: r.configuration, runs: 1 });
  }
  return {
    runId: shown.id,
    energy: shown.finalEnergy,
    configuration: shown.configuration,
    runsAtBest: tied.length,
    tiedWith: groups.slice(1).map((g) => g[0].configuration),
    higher: [...higher.values()],
  };
}

/** A name's place in legends: the order of CONFIGURATION_NAMES (the simplex ETF first, unrecognised last). */
export function nameOrder(a: ConfigurationName, b: ConfigurationName): number {
  return CONFIGURATION_NAMES.indexOf(a) - CONFIGURATION_NAMES.indexOf(b);
}

/** Parts of the simplex sums shown, as a legend lists them: largest first part first, at most `max`. */
export function partsText(parts: readonly (readonly number[])[], max = 3): string {
  const texts = [...new Set(parts.map((p) => p.join('+')))].sort((a, b) => {
    const [pa, pb] = [a, b].map((t) => t.split('+').map(Number));
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const diff = (pb[i] ?? 0) - (pa[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  return texts.length > max ? `${texts.slice(0, max).join(', ')}, \u2026` : texts.join(', ');
}
