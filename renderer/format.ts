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
