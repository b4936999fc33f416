#!/usr/bin/env python3
"""scipy's L-BFGS-B (memory 30) on the cross-entropy energy from the start points solve-bench.ts wrote.

E_s(X) = sum_i log(1 + sum_{j != i} exp(s(<x_i, x_j> - 1))) on the normalized parametrization
x_i = y_i / |y_i| (as ../../../shared/bench/ref_scipy_sweep.py), starting at y = the points of --start
(float64, little endian, n x d, unit rows). It stops when the relative Riemannian gradient
|grad E| / E at X falls below --tol (checked after every iteration, from the evaluation cached at that
iterate) or when L-BFGS-B can make no more progress (gtol = ftol = 0: it then ends with an abnormal
line search). Prints one JSON line: iterations, evaluations, wallMs and cpuMs (minimize only; CPU time
of all the process's threads, for comparisons on a contended machine), energy, relGrad.

Usage: scipy_solve.py --n N --d D --s S --tol T --start FILE
"""
import argparse, json, time
import numpy as np
from scipy.optimize import minimize


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--s", type=float, required=True)
    p.add_argument("--tol", type=float, required=True)
    p.add_argument("--start", required=True)
    a = p.parse_args()
    n, d, s = a.n, a.d, a.s
    y0 = np.fromfile(a.start, dtype="<f8")
    assert y0.size == n * d, f"{a.start} holds {y0.size} numbers, {n} x {d} expected"
    cache = {"y": None, "rel": None}
    evaluations = [0]

    def energy_and_grad(y):
        evaluations[0] += 1
        Y = y.reshape(n, d)
        r = np.linalg.norm(Y, axis=1, keepdims=True)
        X = Y / r
        A = np.exp(s * (X @ X.T - 1.0))
        np.fill_diagonal(A, 0.0)
        S = A.sum(axis=1)
        W = A / (1.0 + S)[:, None]
        gX = s * (W + W.T) @ X
        riemannian = gX - (gX * X).sum(axis=1, keepdims=True) * X
        energy = np.log1p(S).sum()
        cache["y"] = y.copy()
        cache["rel"] = np.linalg.norm(riemannian) / abs(energy)
        return energy, (riemannian / r).ravel()

    def relative_gradient(y):
        if cache["y"] is None or not np.array_equal(cache["y"], y):
            energy_and_grad(y)
            evaluations[0] -= 1  # a check, not the optimizer's evaluation
        return cache["rel"]

    def callback(intermediate_result):
        if relative_gradient(intermediate_result.x) < a.tol:
            raise StopIteration

    t0 = time.perf_counter()
    c0 = time.process_time()
    res = minimize(energy_and_grad, y0, jac=True, method="L-BFGS-B", callback=callback,
                   options={"maxcor": 30, "gtol": 0.0, "ftol": 0.0, "maxiter": 10**7, "maxfun": 10**8})
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - c0) * 1000
    energy, _ = energy_and_grad(res.x)
    print(json.dumps({"iterations": int(res.nit), "evaluations": int(res.nfev), "hessVecs": 0, "wallMs": ms, "cpuMs": cpu_ms,
                      "energy": float(energy), "relGrad": float(cache["rel"]), "message": str(res.message)}))


if __name__ == "__main__":
    main()
