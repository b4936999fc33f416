import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../core/contract';
import { referenceRows, restartsAtBest } from '../../../renderer/run/reference-rows';

/** A completed run whose metrics are those of the simplex ETF with n = 4 in d = 3 at s = 1 (docs/math.md#etf-bound). */
function etfRun(overrides: Partial<RunRecord['metrics']> = {}): RunRecord {
  const n = 4;
  const bound = 2.330630612247; // (*) at n = 4, s = 1
  return {
    energyKind: 'ce',
    n,
    d: 3,
    metrics: {
      ceEnergy: bound,
      etfDistance: 1e-13,
      etfDistanceFrobenius: 1e-13,
      etfBound: bound,
      etfBoundGap: 0,
      uniformEnergy: 0.5,
      uniformGap: bound / n - 0.5,
      framePotential: (n * n) / (n - 1),
      framePotentialRatio: n / (n - 1) / (n / 3),
      tightnessError: 0,
      coherence: 1 / 3,
      welchBound: Math.sqrt((n - 3) / (3 * (n - 1))),
      maxInnerProduct: -1 / 3,
      minAngle: Math.acos(-1 / 3),
      balance: 0,
      gegenbauer: [0, 0, 0, 0, 0, 0, 0, 0],
      designStrength: 2,
      capDiscrepancy: 0.1,
      minDistance: 1.63,
      selfDuality: null,
      ...overrides,
    },
  } as RunRecord;
}

const verdictOf = (run: RunRecord, key: string) => referenceRows(run).find((r) => r.key === key)?.verdict;

describe('metrics against their references', () => {
  it('marks the ETF bound met at the simplex ETF (d >= n-1)', () => {
    expect(verdictOf(etfRun(), 'ceEnergy')).toBe('met');
  });

  it('marks the ETF bound missed when a cross-entropy run with d >= n-1 stays above it by more than 1e-8 relative', () => {
    expect(verdictOf(etfRun({ ceEnergy: 2.330630612247 * (1 + 1e-6) }), 'ceEnergy')).toBe('missed');
  });

  it('calls the bound strict, not missed, when d < n-1', () => {
    const run = { ...etfRun({ ceEnergy: 3 }), n: 6, d: 3 } as RunRecord;
    expect(verdictOf(run, 'ceEnergy')).toBe('strict');
  });

  it('does not call the ETF "missed" by the frame potential: FP = n^2/(n-1) > max(n, n^2/d) when n <= d', () => {
    const n = 8;
    const run = { ...etfRun({ framePotential: (n * n) / (n - 1) }), n, d: 8 } as RunRecord;
    expect(verdictOf(run, 'framePotential')).toBe('above');
    expect(verdictOf({ ...run, energyKind: 'frame' } as RunRecord, 'framePotential')).toBe('missed');
  });

  it('compares FP with max(n, n^2/d) and the coherence with the Welch bound', () => {
    const rows = referenceRows(etfRun());
    expect(rows.find((r) => r.key === 'framePotential')?.reference).toBeCloseTo(16 / 3, 12);
    expect(rows.find((r) => r.key === 'coherence')?.reference).toBeCloseTo(Math.sqrt(1 / 9), 12);
    expect(verdictOf(etfRun(), 'coherence')).toBe('met');
  });

  it('gives no rows before the run has metrics', () => {
    expect(referenceRows({ ...etfRun(), metrics: null } as RunRecord)).toEqual([]);
  });
});

describe('restarts at the best', () => {
  it('counts finished restarts only, and says so when a run stopped before any finished', () => {
    expect(restartsAtBest({ restarts: 3, restartsCompleted: 3, restartsReachedBest: 2 })).toBe('2 of 3');
    // cancelled during the first restart: the old text read "1 of 0"
    expect(restartsAtBest({ restarts: 1, restartsCompleted: 0, restartsReachedBest: 1 })).toBe('none finished (1 planned)');
    expect(restartsAtBest({ restarts: 4, restartsCompleted: 2, restartsReachedBest: 2 })).toBe('2 of 2 (2 of 4 planned finished)');
    expect(restartsAtBest({ restarts: 4, restartsCompleted: null, restartsReachedBest: null })).toBe('\u2014');
  });
});
