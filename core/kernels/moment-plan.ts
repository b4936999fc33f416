/**
 * Monomials x^a (multi-indices a in N^d, |a| <= K + 1) of the moment expansion, docs/math.md#moment-expansion
 * (kernel expansion): exp(s <x, y>) = sum_k s^k/k! <x, y>^k = sum_a s^|a| / a! x^a y^a. Listed by
 * degree, each with a parent (a minus one unit vector) so that all powers of a point cost one
 * multiplication each, and with the index of a + e_l (l < d) for the first moments of the gradient.
 */
export interface MomentPlan {
  d: number;
  /** truncation order: terms of degree <= K */
  order: number;
  /** monomials of degree <= K */
  count: number;
  /** monomials of degree <= K + 1 */
  countPlusOne: number;
  /** x^a = x^parent[a] * x_variable[a]; entry 0 is the constant monomial */
  parent: Int32Array;
  variable: Int32Array;
  /** s^|a| / a! for |a| <= K */
  coefficient: Float64Array;
  /** index of a + e_l at [a * d + l], for |a| <= K */
  raised: Int32Array;
}

/** C(d + k, k): monomials of degree <= k in d variables. */
export function monomialCount(d: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (d + i)) / i;
  return Math.round(c);
}

export function momentPlan(d: number, order: number, s: number): MomentPlan {
  const countPlusOne = monomialCount(d, order + 1);
  const count = monomialCount(d, order);
  const exponents: Int32Array[] = [new Int32Array(d)];
  const index = new Map<string, number>([[exponents[0].join(','), 0]]);
  const parent = new Int32Array(countPlusOne);
  const variable = new Int32Array(countPlusOne);
  // degree by degree: every monomial of degree k + 1 is a monomial of degree k times one x_l
  let begin = 0;
  for (let degree = 0; degree <= order; degree++) {
    const end = exponents.length;
    for (let a = begin; a < end; a++) {
      for (let l = 0; l < d; l++) {
        const next = exponents[a].slice();
        next[l]++;
        const key = next.join(',');
        if (index.has(key)) continue;
        index.set(key, exponents.length);
        parent[exponents.length] = a;
        variable[exponents.length] = l;
        exponents.push(next);
      }
    }
    begin = end;
  }
  const coefficient = new Float64Array(count);
  const raised = new Int32Array(count * d);
  for (let a = 0; a < count; a++) {
    let c = 1;
    for (let l = 0; l < d; l++) for (let p = 1; p <= exponents[a][l]; p++) c *= s / p;
    coefficient[a] = c;
    for (let l = 0; l < d; l++) {
      const next = exponents[a].slice();
      next[l]++;
      raised[a * d + l] = index.get(next.join(',')) as number;
    }
  }
  return { d, order, count, countPlusOne, parent, variable, coefficient, raised };
}

/** pow[a] = x^a for the point at x[o..o+d), |a| <= K + 1. */
export function monomials(plan: MomentPlan, x: Float64Array, o: number, pow: Float64Array): void {
  const { parent, variable, countPlusOne } = plan;
  pow[0] = 1;
  for (let a = 1; a < countPlusOne; a++) pow[a] = pow[parent[a]] * x[o + variable[a]];
}
