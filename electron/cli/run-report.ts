import { configurationLabel, invariantsText } from '../../core/configuration/label';
import type { PointSet } from '../../core/points';
import type { RunSpec } from '../../core/spec/run-spec';
import type { DoneMessage } from '../solver/protocol';
import { jsonLine } from './terminal-text';

/** What `spherelab run` prints: one JSON line (--json) or a readable summary. */

const ENERGY_NAMES: Record<RunSpec['energy'], string> = {
  ce: 'cross-entropy energy E_s',
  'two-set': 'two-set energy L_s(H, W)',
  pair: 'pair energy P_s',
  frame: 'frame potential',
  riesz: 'Riesz energy',
  log: 'log energy',
};

/** The configuration as rows of numbers (for the two-set energy: H's n rows, then W's). */
export function pointRows(points: PointSet): number[][] {
  const rows: number[][] = [];
  for (let o = 0; o < points.data.length; o += points.d)
    rows.push(Array.from(points.data.subarray(o, o + points.d)));
  return rows;
}

export function runJson(done: DoneMessage, spec: RunSpec, withPoints: boolean): string {
  const result = {
    runId: done.runId,
    ...done.summary,
    spec,
    ...(withPoints ? { points: pointRows(done.points) } : {}),
  };
  return jsonLine(result);
}

export function runSummaryText(done: DoneMessage, spec: RunSpec, withPoints: boolean): string {
  const { summary } = done;
  const m = summary.metrics;
  const params =
    spec.energy === 'riesz'
      ? `alpha = ${spec.alpha}`
      : spec.energy === 'frame' || spec.energy === 'log'
        ? ''
        : `s = ${spec.s}`;
  const lines = [
    `${ENERGY_NAMES[spec.energy]}, n = ${spec.n}, d = ${spec.d}${params ? `, ${params}` : ''}`,
    row('energy', `${fixed(summary.energy)}   per point ${fixed(summary.energyPerPoint)}`),
  ];
  if (spec.energy !== 'ce')
    lines.push(row(`E_s (s = ${spec.s})`, `${fixed(m.ceEnergy)}   per point ${fixed(m.ceEnergy / spec.n)}`));
  lines.push(
    row('ETF bound (*)', `${fixed(m.etfBound)}   gap ${sci(m.etfBoundGap)}`),
    row('uniform U_d', `${fixed(m.uniformEnergy)} per point   gap ${sci(m.uniformGap)} per point`),
    row(
      '|grad|',
      `${sci(summary.gradNorm)} after ${summary.iterations} iterations, ${summary.evaluations} evaluations`,
    ),
    row(
      'stopped',
      `${summary.stopReason} after ${(summary.wallMs / 1000).toFixed(2)} s (${summary.evaluator} kernels)`,
    ),
    row(
      'restarts',
      `${summary.restarts.reachedBest} of ${summary.restarts.total} reached the best (seed ${summary.seed})`,
    ),
    row(
      'frame potential',
      `${fixed(m.framePotential)}   ratio to max(n, n^2/d) ${m.framePotentialRatio.toFixed(6)}`,
    ),
    row(
      'ETF distance',
      `${sci(m.etfDistance)}   coherence ${m.coherence.toFixed(6)} (Welch bound ${m.welchBound.toFixed(6)})`,
    ),
    row(
      'max inner prod',
      `${m.maxInnerProduct.toFixed(6)}   min angle ${((m.minAngle * 180) / Math.PI).toFixed(4)} deg   min distance ${m.minDistance.toFixed(6)}`,
    ),
    row('balance |xbar|', sci(m.balance)),
    row('Gegenbauer M1-8', m.gegenbauer.map(sci).join(' ')),
    row('design strength', `${m.designStrength}   cap discrepancy ${sci(m.capDiscrepancy)}`),
  );
  if (m.selfDuality !== null) lines.push(row('self-duality', sci(m.selfDuality)));
  const c = summary.configuration;
  if (c) {
    const closed =
      c.closedFormEnergy === undefined
        ? ''
        : `   closed form ${fixed(c.closedFormEnergy)} gap ${sci(c.gap!)}`;
    lines.push(
      row('configuration', `${configurationLabel(c)}${closed}`),
      row('  invariants', invariantsText(c)),
    );
  }
  if (withPoints) {
    lines.push('points:');
    for (const r of pointRows(done.points))
      lines.push(`  ${r.map((v) => v.toFixed(12).padStart(16)).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

const row = (label: string, value: string) => `  ${label.padEnd(17)} ${value}`;
const fixed = (v: number) => v.toPrecision(13);
const sci = (v: number) => v.toExponential(2);
