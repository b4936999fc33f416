/**
 * The views' names for core/format (the one formatting module of charts, tables, tooltips and
 * exports); new code may import core/format directly.
 */
export {
  formatNumber as fmtNumber,
  formatInteger as fmtInteger,
  formatValue as fmtValue,
  describeValue,
  formatCount as fmtCount,
  formatDuration as fmtDuration,
  formatTime as fmtTime,
  shortId,
  plural,
} from '../core/format';

/** Bytes in binary units: 512 B, 1.5 MiB, 3.2 GiB (the design form's memory estimate). */
export function fmtBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toPrecision(3)} ${units[i]}`;
}
