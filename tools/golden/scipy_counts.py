#!/usr/bin/python3
"""SciPy's iteration counts on Rosenbrock, for tests/optim/test_second_order.cpp.

Run with Debian's python3-scipy:   /usr/bin/python3 tools/golden/scipy_counts.py

For each start and each of scipy.optimize.minimize's methods CG, BFGS,
L-BFGS-B, Newton-CG (with the exact Hessian) and trust-exact, records the
number of iterations until ‖θ − (1, 1)‖ < 1e-6: the index (from 1) of the
first callback whose point is that close. Stopping tolerances are set tight
so that SciPy gets there. Descent's test asks its methods to get there in no
more iterations (one iteration = one step()):
    cg ↔ CG,  bfgs ↔ BFGS,  dfp ↔ BFGS (SciPy has no DFP),
    lbfgs ↔ L-BFGS-B,  newton ↔ Newton-CG.
trust-exact (a trust-region Newton) is recorded for comparison only.

Rosenbrock is SciPy's rosen: (1 − x)² + 100·(y − x²)², as scenes' "rosenbrock".
Writes tests/data/scipy/counts.csv (x0,y0,method,iterations,evaluations,scipy)
through a temporary file.
"""
import os
import tempfile

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der, rosen_hess

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "scipy")
STARTS = [(-1.2, 1.0), (-1.5, 2.0), (2.0, -1.0), (0.0, 0.0)]
RADIUS = 1e-6
OPTIONS = {
    "CG": {"gtol": 1e-12, "maxiter": 10000},
    "BFGS": {"gtol": 1e-12, "maxiter": 10000},
    "L-BFGS-B": {"gtol": 1e-14, "ftol": 1e-30, "maxiter": 10000},
    "Newton-CG": {"xtol": 1e-14, "maxiter": 10000},
    "trust-exact": {"gtol": 1e-12, "maxiter": 10000},
}
HESSIAN = {"Newton-CG", "trust-exact"}


def iterations(method, start):
    points = []
    kwargs = {"jac": rosen_der, "callback": lambda xk, *rest: points.append(np.array(xk, dtype=float))}
    if method in HESSIAN:
        kwargs["hess"] = rosen_hess
    result = minimize(rosen, np.array(start, dtype=float), method=method, options=OPTIONS[method], **kwargs)
    for i, x in enumerate(points):
        if np.linalg.norm(x - 1.0) < RADIUS:
            return i + 1, int(result.nfev)
    raise RuntimeError(f"{method} from {start} never came within {RADIUS} of (1, 1): {result.message}")


def main():
    lines = ["x0,y0,method,iterations,evaluations,scipy"]
    for start in STARTS:
        for method in OPTIONS:
            count, evaluations = iterations(method, start)
            lines.append(f"{start[0]!r},{start[1]!r},{method},{count},{evaluations},{scipy.__version__}")
            print(f"{method:12s} from {start}: {count} iterations ({evaluations} evaluations)")
    os.makedirs(OUT, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=OUT, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, os.path.join(OUT, "counts.csv"))


if __name__ == "__main__":
    main()
