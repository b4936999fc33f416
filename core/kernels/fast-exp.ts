/**
 * exp(x) = 2^m 2^(j/256) e^r with k = round(x 256 / ln 2) = 256 m + j and |r| <= ln 2 / 512: two
 * table loads and a degree-5 polynomial (truncation r^6/720 < 1e-20), within about 1 ulp of the
 * true value (test/unit/kernels.test.ts holds it to 2 ulps over [-745, 709]). The pair kernels call it
 * once per pair, where Math.exp (an out-of-line call in V8) costs 1.3-1.6x more.
 */
const STEPS = 256;
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const INV_STEP = STEPS / LN2_HI;
/** ln2 / 256 split so that k * STEP_HI is exact for |k| < 2^20. */
const STEP_HI = Math.floor((LN2_HI / STEPS) * 2 ** 40) / 2 ** 40;
const STEP_LO = (LN2_HI - STEPS * STEP_HI) / STEPS + LN2_LO / STEPS;
/** 1.5 * 2^52: adding it rounds a double of magnitude < 2^51 to an integer (ties to even). */
const ROUND_SHIFT = 6755399441055744;
const MIN_POW2 = -1076;
const MAX_POW2 = 1024;

/** 2^(j/256), then 2^m for m = MIN_POW2..MAX_POW2: also copied into WebAssembly memory (layout.ts). */
export const FRACTION = new Float64Array(STEPS);
for (let j = 0; j < STEPS; j++) FRACTION[j] = 2 ** (j / STEPS);
export const POW2 = new Float64Array(MAX_POW2 - MIN_POW2 + 1);
for (let m = MIN_POW2; m <= MAX_POW2; m++) POW2[m - MIN_POW2] = 2 ** m;

/** Arguments outside [EXP_MIN, EXP_MAX] go to Math.exp (0, subnormals, Infinity, NaN). */
const EXP_MIN = -708;
const EXP_MAX = 709;

export function fastExp(x: number): number {
  if (!(x >= EXP_MIN && x <= EXP_MAX)) return Math.exp(x);
  const kf = x * INV_STEP + ROUND_SHIFT - ROUND_SHIFT;
  const k = kf | 0;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const scale = FRACTION[k & (STEPS - 1)] * POW2[(k >> 8) - MIN_POW2];
  const p = r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return scale + scale * p;
}
