/**
 * Downsampling of long series for charts. Indices into the input come back (sorted, first and last
 * kept), so every column of a table can be subset alike and a CSV lists exactly the plotted samples.
 * The host already thins stored traces with min/max buckets (runs/trace); LTTB shapes what is drawn.
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
