/**
 * Tick labels. Every log axis gets an explicit formatter (ECharts' default prints 1e-7 as
 * 1.0000000000000001e-7 or 0.0000001): powers of ten as 10 with a superscript exponent drawn with
 * rich text (the bundled serif has no superscript minus, so the exponent is set small and raised
 * instead of using Unicode superscripts), or plain numbers where they read better (n = 10, 100, 1000).
 */
import { formatNumber, labelsDecade, MINUS, PARAMETER_DIGITS } from '../format';

export type LogLabelStyle = 'power' | 'plain';

/** Exponents within this distance of an integer count as exact powers of ten. */
const EXPONENT_SLACK = 1e-9;

/** A small raised exponent takes a hyphen: the minus sign's wide side bearings read as a space. */
function exponentText(k: number): string {
  return String(k);
}

const shortNumber = (value: number, digits = PARAMETER_DIGITS) => formatNumber(value, digits);

/** The label of one tick of a log axis, as ECharts rich text (styles `base` and `sup`). */
export function logTickLabel(value: number, style: LogLabelStyle = 'power'): string {
  if (!(value > 0)) return shortNumber(value);
  const exponent = Math.log10(value);
  const k = Math.round(exponent);
  const exact = Math.abs(exponent - k) < EXPONENT_SLACK;
  if (style === 'plain' && k >= -3 && k <= 5) return `{base|${shortNumber(exact ? 10 ** k : value)}}`;
  if (!exact) {
    const mantissa = value / 10 ** Math.floor(exponent);
    return `{base|${shortNumber(mantissa, 2)}\u00d710}{sup|${exponentText(Math.floor(exponent))}}`;
  }
  return `{base|10}{sup|${exponentText(k)}}`;
}

/** The label as plain text (no rich-text markup): for CSV headers, tooltips and colour legends. */
export function logTickText(value: number): string {
  if (!(value > 0)) return shortNumber(value);
  const k = Math.round(Math.log10(value));
  return Math.abs(Math.log10(value) - k) < EXPONENT_SLACK
    ? `1e${k < 0 ? `${MINUS}${-k}` : k}`
    : shortNumber(value);
}

/**
 * `axisLabel` fields for a log axis: the formatter and the rich style that raises the exponent.
 * With a `step` > 1 only the decades 10^k with k a multiple of it are labelled (the others keep their
 * tick), so labels never overlap and none is dropped at random.
 */
export function logAxisLabel(fontSize: number, style: LogLabelStyle = 'power', step = 1) {
  const supSize = Math.round(fontSize * 0.72 * 10) / 10;
  return {
    formatter: (value: number) => {
      const k = Math.round(Math.log10(value));
      return value > 0 && !labelsDecade(k, step) ? '' : logTickLabel(value, style);
    },
    hideOverlap: step === 1,
    rich: {
      base: { fontSize },
      sup: {
        fontSize: supSize,
        padding: [0, 0, Math.round(fontSize * 0.55), 0],
        verticalAlign: 'bottom' as const,
      },
    },
  };
}
