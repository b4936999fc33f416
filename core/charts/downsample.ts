/**
 * Downsampling of long series for charts. Both return indices into the input (sorted, first and last
 * kept), so every column of a table can be subset alike and a CSV lists exactly the plotted samples.
 */

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the point of each bucket that spans the
 * largest triangle with the previous kept point and the next bucket's mean, which preserves the
 * shape of a curve. Non-finite y values are skipped (a log axis passes log10 y, -Infinity for 0).
 */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): number[] {
  const finite: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) finite.push(i);
  const length = finite.length;
  if (maxPoints >= length || length <= 2) return finite;
  if (maxPoints < 3) return [finite[0], finite[length - 1]];
  const kept = [finite[0]];
  const bucketSize = (length - 2) / (maxPoints - 2);
  let previous = finite[0];
  for (let b = 0; b < maxPoints - 2; b++) {
    const start = Math.floor(b * bucketSize) + 1;
    const end = Math.floor((b + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * bucketSize) + 1, length);
    let meanX = 0;
    let meanY = 0;
    for (let j = end; j < nextEnd; j++) {
      meanX += x[finite[j]];
      meanY += y[finite[j]];
    }
    const count = Math.max(nextEnd - end, 1);
    meanX /= count;
    meanY /= count;
    let best = finite[start];
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const i = finite[j];
      // twice the triangle's area: |(xa - xc)(yb - ya) - (xa - xb)(yc - ya)|
      const area = Math.abs(
        (x[previous] - meanX) * (y[i] - y[previous]) - (x[previous] - x[i]) * (meanY - y[previous]),
      );
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(finite[length - 1]);
  return kept;
}

/**
 * Min/max buckets: for each of maxPoints/2 equal-count buckets, the indices of its smallest and
 * largest y (in order of index). Keeps every spike, which LTTB may smooth over.
 */
export function minMaxIndices(y: ArrayLike<number>, maxPoints: number): number[] {
  const length = y.length;
  if (maxPoints >= length || length <= 2) return Array.from({ length }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * length) / buckets);
    const end = Math.floor(((b + 1) * length) / buckets);
    let low = start;
    let high = start;
    for (let i = start; i < end; i++) {
      if (y[i] < y[low]) low = i;
      if (y[i] > y[high]) high = i;
    }
    kept.push(Math.min(low, high));
    if (high !== low) kept.push(Math.max(low, high));
  }
  if (kept[0] !== 0) kept.unshift(0);
  if (kept[kept.length - 1] !== length - 1) kept.push(length - 1);
  return kept;
}
