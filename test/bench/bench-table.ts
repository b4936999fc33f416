/** The human-readable table of `npm run bench`: our time, NumPy's, the ratio and the targets. */
export interface CaseRow {
  n: number;
  d: number;
  ours: Record<string, unknown>;
  evaluator: string;
  references: Record<string, unknown>[];
  /** our start points equal ref_numpy.py's bit for bit (null: not checked) */
  sameStart: boolean | null;
}

/** Targets of issue 7 on this 2-core machine: ratio to the faster NumPy form, peak MB, ms. */
const TARGETS: Record<string, { ratio?: number; peakMB?: number; ms?: number }> = {
  '1000x3': { ratio: 1.0 },
  '1000x32': { ratio: 1.5 },
  '5000x3': { ratio: 0.5 },
  '20000x3': { ratio: 0.5, peakMB: 150 },
  '100000x3': { peakMB: 250, ms: 10_000 },
};
const ENERGY_TOLERANCE = 1e-12;

const num = (v: unknown) => Number(v);
const ms = (v: unknown) => (num(v) >= 100 ? num(v).toFixed(0) : num(v).toPrecision(3));
const pad = (cells: string[], widths: number[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');

export function printTable(rows: CaseRow[], solve: { line: Record<string, unknown>; evaluator: string } | null, withNumpy: boolean): void {
  const header = ['n', 'd', 'evaluator', 'ms median', 'ms min', 'peak MB', 'dense ms', 'dense MB', 'blocked ms', 'blocked MB', 'ratio', 'target', 'energy rel diff', 'start bits'];
  const widths = [7, 3, 14, 10, 8, 8, 9, 9, 11, 11, 6, 20, 15, 10];
  console.log(pad(header, widths));
  for (const row of rows) {
    const key = `${row.n}x${row.d}`;
    const target = TARGETS[key] ?? {};
    const dense = row.references.find((r) => r.impl === 'numpy-dense');
    const blocked = row.references.find((r) => r.impl === 'numpy-blocked');
    const ourMs = num(row.ours.evalMsMedian);
    const fastest = Math.min(...row.references.map((r) => num(r.evalMsMedian)));
    const ratio = row.references.length > 0 ? ourMs / fastest : NaN;
    const energy = num(row.ours.energy);
    const diffs = row.references.map((r) => Math.abs(num(r.energy) - energy) / Math.abs(energy));
    const worstDiff = diffs.length > 0 ? Math.max(...diffs) : NaN;
    const goals: string[] = [];
    if (target.ratio !== undefined) goals.push(`<=${target.ratio}x ${Number.isFinite(ratio) ? (ratio <= target.ratio ? 'ok' : 'MISS') : '?'}`);
    if (target.peakMB !== undefined) goals.push(`<${target.peakMB}MB ${num(row.ours.peakRssMB) < target.peakMB ? 'ok' : 'MISS'}`);
    if (target.ms !== undefined) goals.push(`<${target.ms / 1000}s ${ourMs < target.ms ? 'ok' : 'MISS'}`);
    console.log(
      pad(
        [
          `${row.n}`,
          `${row.d}`,
          row.evaluator,
          ms(row.ours.evalMsMedian),
          ms(row.ours.evalMsMin),
          num(row.ours.peakRssMB).toFixed(0),
          dense ? ms(dense.evalMsMedian) : '-',
          dense ? num(dense.peakRssMB).toFixed(0) : '-',
          blocked ? ms(blocked.evalMsMedian) : '-',
          blocked ? num(blocked.peakRssMB).toFixed(0) : '-',
          Number.isFinite(ratio) ? ratio.toFixed(2) : '-',
          goals.join(', '),
          Number.isFinite(worstDiff) ? `${worstDiff.toExponential(1)} ${worstDiff <= ENERGY_TOLERANCE ? 'ok' : 'MISS'}` : '-',
          row.sameStart === null ? '-' : row.sameStart ? 'same' : 'DIFFER',
        ],
        widths,
      ),
    );
  }
  if (!withNumpy) console.log('(python3 with numpy not found: no reference columns)');
  if (solve) {
    const l = solve.line;
    console.log(
      `time to solution n = ${l.n}, d = ${l.d}, s = ${l.s}, ${l.threads} threads, ${solve.evaluator}: ` +
        `${ms(l.solveMs)} ms (${ms(l.totalMs)} ms with set-up), ${l.evaluations} evaluations, ${l.iterations} iterations, ` +
        `relative gradient norm ${num(l.relGradNorm).toExponential(2)} (${l.stopReason}), energy ${num(l.energy)}, peak ${num(l.peakRssMB).toFixed(0)} MB`,
    );
  }
}
