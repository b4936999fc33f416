import { describe, expect, it } from 'vitest';
import { makeEnergy } from '../../core/energies';
import {
  cd,
  etfBound,
  framePotentialBound,
  innerProductCdf,
  innerProductDensity,
  logCd,
  logGamma,
  logGammaRatio,
  logInnerProductDensity,
  uniformEnergy,
  welchBound,
} from '../../core/theory';
import { simplexEtf } from './fixtures/configurations';

/**
 * log of the integral over [-1, 1] of exp(logIntegrand(t, log(1 - t^2))), by tanh-sinh quadrature:
 * t = tanh(v), v = (pi/2) sinh(u), dt = (pi/2) cosh(u) sech(v)^2 du, trapezoid with step h on
 * |u| <= 5 (the weights there are below e^-200). log(1 - t^2) = -2 log cosh(v) is passed in exactly,
 * since t itself rounds to +-1 long before the weights vanish. The terms are shifted by their maximum
 * and summed with compensation, so very peaked integrands (d = 512, s = 200) stay in range.
 */
function logTanhSinh(logIntegrand: (t: number, logOneMinusT2: number) => number, h = 1 / 256): number {
  const logs: number[] = [];
  for (let k = -Math.round(5 / h); k <= Math.round(5 / h); k++) {
    const u = k * h;
    const v = (Math.PI / 2) * Math.sinh(u);
    const av = Math.abs(v);
    const logCoshV = av + Math.log1p(Math.exp(-2 * av)) - Math.LN2;
    const logOneMinusT2 = -2 * logCoshV;
    logs.push(
      logIntegrand(Math.tanh(v), logOneMinusT2) + Math.log((Math.PI / 2) * Math.cosh(u)) + logOneMinusT2,
    );
  }
  const shift = Math.max(...logs);
  let sum = 0;
  let compensation = 0;
  for (const l of logs) {
    const term = Math.exp(l - shift);
    const next = sum + term;
    compensation += sum >= term ? sum - next + term : term - next + sum;
    sum = next;
  }
  return shift + Math.log((sum + compensation) * h);
}

/** log c_d(s) as the ratio of two quadratures of e^(st) (1 - t^2)^((d-3)/2); no Gamma function involved. */
function logCdByQuadrature(d: number, s: number): number {
  const weight = (logOneMinusT2: number) => ((d - 3) / 2) * logOneMinusT2;
  return logTanhSinh((t, l) => s * t + weight(l)) - logTanhSinh((_, l) => weight(l));
}

describe('c_d(s) = 0F1(; d/2; s^2/4), docs/math.md#uniform-limit', () => {
  it('matches the table of log c_d(s) - s (10 decimals)', () => {
    const table: [number, number, number][] = [
      [2, 1, -0.7640856415],
      [2, 5, -1.6953182242],
      [3, 1, -0.8385606384],
      [3, 5, -2.302630494],
      [4, 1, -0.8775008069],
      [4, 5, -2.7243487013],
      [8, 1, -0.9378852923],
      [8, 5, -3.6219491069],
    ];
    for (const [d, s, value] of table)
      expect(Math.abs(logCd(d, s) - s - value), `d=${d} s=${s}`).toBeLessThan(6e-11);
  });

  const spread = [1e-6, 1e-3, 0.1, 1, 5, 30, 100, 200];

  it('c_3(s) = sinh(s)/s to 1e-13 relative', () => {
    for (const s of spread) {
      expect(Math.abs(cd(3, s) / (Math.sinh(s) / s) - 1), `s=${s}`).toBeLessThan(1e-13);
    }
  });

  it('c_2(s) = I_0(s) to 1e-13 relative, I_0 by the trapezoid rule on (1/pi) int_0^pi exp(s cos t) dt', () => {
    // a periodic analytic integrand: the trapezoid rule with 2000 nodes is exact to rounding for s <= 200
    const logI0 = (s: number) => {
      const m = 2000;
      let sum = 0;
      for (let k = 0; k <= m; k++)
        sum += (k === 0 || k === m ? 0.5 : 1) * Math.exp(s * (Math.cos((Math.PI * k) / m) - 1));
      return s + Math.log(sum / m);
    };
    for (const s of spread.slice(2)) expect(Math.abs(logCd(2, s) - logI0(s)), `s=${s}`).toBeLessThan(1e-13);
  });

  it('agrees with tanh-sinh quadrature of the inner-product density to 1e-12 relative (2 <= d <= 512, s <= 200)', () => {
    for (const d of [2, 3, 4, 7, 16, 64, 512]) {
      for (const s of [0.3, 1, 5, 30, 200]) {
        expect(Math.abs(logCd(d, s) - logCdByQuadrature(d, s)), `d=${d} s=${s}`).toBeLessThan(1e-12);
      }
    }
  });

  it('keeps full relative precision of log c_d(s) ~ s^2/(2d) for tiny s', () => {
    // log 0F1(; a; z) = z/a - z^2/(2 a^2 (a+1)) + O(z^3), z = s^2/4, a = d/2
    for (const d of [2, 5, 512]) {
      for (const s of [1e-8, 1e-5, 1e-3]) {
        const z = (s * s) / 4;
        const a = d / 2;
        const series = z / a - (z * z) / (2 * a * a * (a + 1));
        expect(Math.abs(logCd(d, s) / series - 1), `d=${d} s=${s}`).toBeLessThan(1e-13);
      }
    }
  });

  it('stays finite past the double range of c_d (s = 1000, 5000: log c_3 = s - log(2s))', () => {
    for (const s of [1000, 5000])
      expect(Math.abs(logCd(3, s) / (s - Math.log(2 * s)) - 1)).toBeLessThan(1e-14);
    expect(cd(3, 1000)).toBe(Infinity);
  });

  it('rejects dimensions below 2 and non-integer dimensions', () => {
    expect(() => logCd(1, 1)).toThrow(/d must be an integer >= 2/);
    expect(() => cd(2.5, 1)).toThrow(/d must be an integer >= 2/);
  });
});

describe('log Gamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(Math.abs(logGamma(n) - logFactorial), `n=${n}`).toBeLessThan(4e-15 * Math.max(1, logFactorial));
      logFactorial += Math.log(n);
    }
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(4e-15);
  });

  it('gives ratios Gamma(x + a)/Gamma(x) to a few ulps, also where Gamma overflows', () => {
    // Gamma(x + 1)/Gamma(x) = x, and Gamma(k + 1/2)/Gamma(k) from the exact half-integer product
    for (const x of [0.2, 3, 9.5, 10.5, 255.5, 1e4])
      expect(Math.abs(logGammaRatio(x, 1) - Math.log(x))).toBeLessThan(4e-15 * Math.max(1, Math.log(x)));
    for (const k of [1, 5, 40, 256]) {
      // Gamma(k + 1/2) / Gamma(k) = sqrt(pi) prod_{i=1..k} (2i - 1)/2 / (k - 1)!
      let logRatio = 0.5 * Math.log(Math.PI);
      for (let i = 1; i <= k; i++) logRatio += Math.log((2 * i - 1) / 2) - (i < k ? Math.log(i) : 0);
      expect(Math.abs(logGammaRatio(k, 0.5) - logRatio), `k=${k}`).toBeLessThan(
        1e-14 * Math.max(1, Math.abs(logRatio)),
      );
      expect(Math.abs(logGammaRatio(k + 0.5, -0.5) + logRatio), `k=${k}`).toBeLessThan(
        1e-14 * Math.max(1, Math.abs(logRatio)),
      );
    }
  });

  it('satisfies the duplication formula Gamma(x) Gamma(x + 1/2) = 2^(1-2x) sqrt(pi) Gamma(2x)', () => {
    for (const x of [0.01, 0.3, 1.7, 4.9, 9.99, 10.01, 37.25, 256.5]) {
      const lhs = logGamma(x) + logGamma(x + 0.5);
      const rhs = (1 - 2 * x) * Math.LN2 + 0.5 * Math.log(Math.PI) + logGamma(2 * x);
      expect(Math.abs(lhs - rhs), `x=${x}`).toBeLessThan(1e-14 * Math.max(1, Math.abs(lhs)));
    }
  });
});

describe('the inner-product density f_d(t) on [-1, 1]', () => {
  it('equals the closed forms for d = 2, 3, 4, 5', () => {
    for (const t of [-0.999, -0.5, 0, 0.25, 0.9]) {
      const q = 1 - t * t;
      expect(innerProductDensity(2, t)).toBeCloseTo(1 / (Math.PI * Math.sqrt(q)), 13);
      expect(innerProductDensity(3, t)).toBeCloseTo(0.5, 14);
      expect(innerProductDensity(4, t)).toBeCloseTo((2 / Math.PI) * Math.sqrt(q), 14);
      expect(innerProductDensity(5, t)).toBeCloseTo(0.75 * q, 14);
    }
    expect(innerProductDensity(3, 1)).toBeCloseTo(0.5, 15);
    expect(innerProductDensity(6, 1)).toBe(0);
    expect(innerProductDensity(4, 1.5)).toBe(0);
  });

  it('integrates to 1 for large d (quadrature, 1e-13)', () => {
    for (const d of [4, 6, 7, 50, 512, 2000]) {
      const logMass = logTanhSinh((t) => logInnerProductDensity(d, t));
      expect(Math.abs(logMass), `d=${d}`).toBeLessThan(1e-13);
    }
  });
  it('has the distribution function of the closed forms for d = 2..5, 1e-15 absolute', () => {
    const upperTail: Record<number, (t: number) => number> = {
      2: (t) => Math.acos(t) / Math.PI,
      3: (t) => (1 - t) / 2,
      4: (t) => (Math.acos(t) - t * Math.sqrt(1 - t * t)) / Math.PI,
      5: (t) => (2 - 3 * t + t ** 3) / 4,
    };
    for (const d of [2, 3, 4, 5]) {
      for (const t of [-0.999, -0.9, -0.5, -0.1, 0, 0.3, 0.7, 0.99999]) {
        expect(Math.abs(innerProductCdf(d, t) - (1 - upperTail[d](t))), `d=${d} t=${t}`).toBeLessThan(1e-15);
      }
      expect(innerProductCdf(d, -1)).toBe(0);
      expect(innerProductCdf(d, 1)).toBe(1);
    }
  });

  it('has the distribution function of the integrated density for large d (Simpson, 1e-13)', () => {
    for (const d of [40, 512]) {
      const m = 20_000;
      const h = 2 / m;
      let mass = 0;
      for (let k = 1; k <= m; k++) {
        // Simpson on [t_{k-1}, t_k], accumulated as a running integral up to t_k
        const t0 = -1 + (k - 1) * h;
        mass +=
          (h / 6) *
          (innerProductDensity(d, t0) +
            4 * innerProductDensity(d, t0 + h / 2) +
            innerProductDensity(d, t0 + h));
        if (k % 1000 === 0)
          expect(Math.abs(innerProductCdf(d, t0 + h) - mass), `d=${d} t=${t0 + h}`).toBeLessThan(1e-13);
      }
    }
  });
});

describe('bounds of docs/math.md#theory and #metrics', () => {
  it('the ETF bound (*) equals its table and E_s of the simplex ETF', () => {
    const table: [number, number, number][] = [
      [2, 0.5, 0.626523375036],
      [2, 5, 9.079779843373e-5],
      [4, 1, 2.330630612247],
      [10, 5, 3.42016785132e-1],
      [100, 0.5, 410.66688801249],
    ];
    for (const [n, s, value] of table) {
      expect(Math.abs(etfBound(n, s) / value - 1)).toBeLessThan(1e-12);
      const etf = simplexEtf(n, n - 1);
      const energy = makeEnergy('ce', { s, alpha: 1 }).evaluate(etf.data, n, n - 1, null);
      expect(Math.abs(energy / etfBound(n, s) - 1)).toBeLessThan(1e-13);
    }
  });

  it('the uniform energy U_d(s, n) = log n + log c_d(s) - s', () => {
    expect(uniformEnergy(3, 1, 200)).toBeCloseTo(Math.log(200) - 0.8385606384, 10);
    expect(uniformEnergy(3, 2, 7)).toBeCloseTo(Math.log(7) + Math.log(Math.sinh(2) / 2) - 2, 14);
  });

  it('frame-potential bound max(n, n^2/d) and Welch bound sqrt((n-d)/(d(n-1)))', () => {
    expect(framePotentialBound(3, 5)).toBe(3);
    expect(framePotentialBound(12, 3)).toBe(48);
    expect(welchBound(3, 5)).toBe(0);
    expect(welchBound(5, 5)).toBe(0);
    // an ETF with n = d + 1 has coherence 1/(n-1), which the Welch bound attains
    expect(welchBound(4, 3)).toBeCloseTo(1 / 3, 15);
    expect(welchBound(7, 3)).toBeCloseTo(Math.sqrt(4 / 18), 15);
  });
});
