import { formatNumber } from './number';

/** Durations, times, counts and ids as the views and exports write them. */

/** "850 ms", "2.35 s", "12.4 s", "3 min 5 s", "2 h 7 min"; "—" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '\u2014';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Local time as 2026-11-27 10:53:29: sortable, and short enough for a table cell. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '\u2014';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (v: number) => String(v).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** The date part (UTC) as 2026-11-30, for file names. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Large counts the way people say them: 1.2 k, 3.4 M, 5.6 G. */
export function formatCount(value: number): string {
  const units = ['', ' k', ' M', ' G', ' T', ' P', ' E'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? formatNumber(v, 3) : v.toPrecision(3)}${units[i]}`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** "1 run", "6 runs": a count with its noun, in the singular when it is one. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
