import { describe, expect, it } from 'vitest';
import {
  csvNumber,
  decadeLabelStep,
  decadeSpan,
  describeValue,
  formatAssignment,
  formatCount,
  formatDuration,
  formatInteger,
  formatNumber,
  formatParameter,
  formatValue,
  isNoise,
  labelsDecade,
  MINUS,
  noiseBand,
} from '../../core/format';

// Golden strings: what a reader sees, character for character.
describe('numbers for a reader', () => {
  it('writes parameters with 4 significant digits and integers whole', () => {
    expect(formatParameter(0.7937005259841)).toBe('0.7937');
    expect(formatAssignment('s', 2 ** (-1 / 3))).toBe('s = 0.7937');
    expect(formatParameter(3)).toBe('3');
    expect(formatParameter(1e-6)).toBe(`1e${MINUS}6`);
    expect(formatParameter(-0.25)).toBe(`${MINUS}0.25`);
    expect(formatAssignment('energy', 'riesz')).toBe('energy = riesz');
  });

  it('writes counts without grouping or decimals', () => {
    expect(formatInteger(6824)).toBe('6824');
    expect(formatInteger(1_000_000)).toBe('1000000');
    expect(formatInteger(-3)).toBe(`${MINUS}3`);
    expect(formatInteger(2.5)).toBe('2.5');
    expect(formatInteger(null)).toBe('\u2014');
  });

  it('drops trailing zeros and binary noise, switching to e-notation outside [1e-3, 1e6)', () => {
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(1.0000000000000002)).toBe('1');
    expect(formatNumber(1234.56789)).toBe('1234.57');
    expect(formatNumber(-1.5e-9)).toBe(`${MINUS}1.5e${MINUS}9`);
    expect(formatNumber(6.02214076e23)).toBe('6.02214e23');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(0.000999)).toBe(`9.99e${MINUS}4`);
    expect(formatNumber(NaN)).toBe('\u2014');
    expect(formatNumber(-Infinity)).toBe(`${MINUS}\u221e`);
  });

  it('shows rounding noise as "≈ 0" and keeps the raw value for a hover', () => {
    expect(describeValue(-4.4e-16)).toEqual({ text: '\u2248 0', raw: '-4.4e-16' });
    expect(describeValue(0)).toEqual({ text: '0', raw: null });
    expect(describeValue(2e-9)).toEqual({ text: '2e\u22129', raw: null });
    expect(describeValue(1 / 3)).toEqual({ text: '0.333333', raw: '0.3333333333333333' });
    expect(describeValue(-0.5)).toEqual({ text: `${MINUS}0.5`, raw: null });
    // the floor is relative to the operands' size: E - bound with E ~ 1e6
    expect(formatValue(3e-10, { scale: 1e6 })).toBe('\u2248 0');
    expect(formatValue(3e-10)).toBe(`3e${MINUS}10`);
    expect(formatValue(3e-13, { floor: 0 })).toBe(`3e${MINUS}13`);
    expect(isNoise(1e-13)).toBe(true);
    expect(isNoise(0)).toBe(false);
  });

  it('keeps full precision in files: the shortest text that reads back as the same double', () => {
    for (const v of [0.7937005259841, 0.1 + 0.2, -4.4e-16, 6824, 1e300, 5e-324]) {
      expect(Number(csvNumber(v))).toBe(v);
    }
    expect(csvNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvNumber(null)).toBe('');
  });

  it('writes durations and large counts', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2345)).toBe('2.35 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(null)).toBe('\u2014');
    expect(formatCount(6_000_000_000_000)).toBe('6.00 T');
    expect(formatCount(999)).toBe('999');
  });
});

describe('axes', () => {
  it('draws values equal up to rounding noise as a band around the value, with a note', () => {
    const band = noiseBand([1, 1.0000000000000002, 0.9999999999999998], 'U_d');
    expect(band).toMatchObject({ min: 0.95, max: 1.05, centre: 1 });
    expect(band?.note).toBe('U_d: every value equals 1 to within 4.4e\u221216 (rounding noise); the axis shows a band around it');
    expect(noiseBand([3e-17, -2e-16], 'gap')).toMatchObject({ min: -1, max: 1, centre: 0 });
    expect(noiseBand([1, 1.001], 'x')).toBeNull();
    expect(noiseBand([], 'x')).toBeNull();
  });

  it('ticks every decade and labels round decades so that the labels fit', () => {
    expect(decadeSpan(2e-11, 30)).toEqual({ low: -11, high: 2 });
    expect(decadeSpan(1e-7, 1)).toEqual({ low: -7, high: 0 });
    expect(decadeLabelStep(-11, 2, 14)).toBe(1);
    expect(decadeLabelStep(-11, 2, 6)).toBe(3);
    expect(decadeLabelStep(-16, 0, 5)).toBe(5);
    expect([-12, -10, -9, 0, 3].filter((k) => labelsDecade(k, 3))).toEqual([-12, -9, 0, 3]);
  });
});
