/**
 * The one formatting module of SphereLab (pure: no DOM, no I/O). Charts, tables, tooltips and exports
 * all write numbers through it:
 *
 * - `formatParameter(0.7937005259841)` → "0.7937" (legends, notes: 4 significant digits)
 * - `formatAssignment('s', 0.7937005259841)` → "s = 0.7937"
 * - `formatInteger(6824)` → "6824" (counts: no grouping, no decimals)
 * - `formatNumber(v, digits = 6)` → significant digits, "−" minus, e-notation outside [1e−3, 1e6)
 * - `describeValue(-4.4e-16)` → { text: "≈ 0", raw: "-4.4e-16" } (rounding noise; raw for a hover)
 *   `describeValue(v, { scale })` when the value is a difference of operands of size `scale`
 * - `formatValue(v)` → `describeValue(v).text`
 * - `csvNumber(v)` → shortest round-trip text (files keep full precision)
 * - `noiseBand(values, name)` → the band a linear axis shows when its spread is rounding noise
 * - `decadeSpan`, `decadeLabelStep`, `labelsDecade` → every decade ticked, round decades labelled
 * - `formatDuration`, `formatTime`, `formatDate`, `formatCount`, `shortId`, `plural`
 */
export * from './number';
export * from './axis';
export * from './text';
