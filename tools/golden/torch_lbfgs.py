#!/usr/bin/python3
"""Golden trajectories of torch.optim.LBFGS, for tests/optim/test_lbfgs_torch.cpp.

Run with Debian's python3-torch (1.13):   /usr/bin/python3 tools/golden/torch_lbfgs.py

Descent's `lbfgs` does one L-BFGS iteration per step(); PyTorch's LBFGS does
that with max_iter=1. Each case starts torch.optim.LBFGS(max_iter=1, ...) at
a point of a 2-D test surface and records θ after each of STEPS steps, in
float64. line_search=none is PyTorch's default line_search_fn=None (a fixed
step t = lr, the first one min(1, 1/‖g‖₁)·lr); strong_wolfe is
line_search_fn="strong_wolfe". Descent's other defaults are PyTorch's
(lr 1, history_size 100, tolerance_grad 1e-7, tolerance_change 1e-9), so a
case names only what it changes, plus line_search, which it always names
(Descent's default is strong_wolfe, PyTorch's None).

Writes tests/data/torch_lbfgs/cases.csv (case, surface, start, steps,
hyperparameters as Descent names them) and tests/data/torch_lbfgs/lbfgs.csv
(case,step,x,y; step 0 is the start). Files are written to a temporary name
and renamed.

A 1e-9 comparison only means something on a well-conditioned trajectory:
without a line search, L-BFGS on Rosenbrock can amplify a rounding
difference of 1e-16 to 1e-5 within 200 steps, in torch itself. So every
case is also run from its start moved by ±1e-15, and the script refuses a
case whose trajectory then moves by more than CONDITION = 1e-10 (relative).
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SURFACES, write_atomic  # noqa: E402

torch.set_default_dtype(torch.float64)

STEPS = 200
CONDITION = 1e-10
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "torch_lbfgs")

# (surface, start, hyperparameters in Descent's names). Every case sets
# line_search; the others are PyTorch's defaults unless named.
CASES = [
    ("rosenbrock", (-1.2, 1.0), {"line_search": "none", "lr": 0.5}),
    ("rosenbrock", (2.0, -1.0), {"line_search": "none"}),
    ("rosenbrock", (2.0, -1.0), {"line_search": "none", "lr": 0.5, "history_size": 3}),
    ("beale", (1.0, 1.0), {"line_search": "none"}),
    ("beale", (1.0, 1.0), {"line_search": "none", "lr": 0.3, "history_size": 3}),
    ("booth", (0.0, 0.0), {"line_search": "none"}),
    ("booth", (0.0, 0.0), {"line_search": "none", "lr": 0.05, "history_size": 2}),
    ("himmelblau", (0.0, 0.0), {"line_search": "none", "lr": 0.2, "history_size": 5}),
    ("quadratic_valley", (-4.5, 1.5), {"line_search": "none", "lr": 0.5, "history_size": 3}),
    ("quadratic_valley", (-4.5, 1.5), {"line_search": "none", "lr": 1.0, "history_size": 1}),
    ("quadratic_valley", (-4.5, 1.5), {"line_search": "none", "lr": 0.02, "history_size": 8,
                                       "tolerance_grad": 1e-5, "tolerance_change": 1e-12}),
    # PyTorch's strong Wolfe line search, against Descent's (Nocedal & Wright 3.5/3.6).
    ("rosenbrock", (-1.2, 1.0), {"line_search": "strong_wolfe"}),
    ("rosenbrock", (-1.5, 2.0), {"line_search": "strong_wolfe", "lr": 0.5, "history_size": 5}),
    ("beale", (1.0, 1.0), {"line_search": "strong_wolfe"}),
    ("booth", (0.0, 0.0), {"line_search": "strong_wolfe", "history_size": 2}),
    ("himmelblau", (0.0, 0.0), {"line_search": "strong_wolfe", "lr": 0.3}),
]


def run(surface, start, hyper):
    p = torch.tensor(start, requires_grad=True)
    h = dict(hyper)
    line_search = h.pop("line_search")
    opt = torch.optim.LBFGS([p], lr=h.pop("lr", 1.0), max_iter=1, history_size=h.pop("history_size", 100),
                            tolerance_grad=h.pop("tolerance_grad", 1e-7),
                            tolerance_change=h.pop("tolerance_change", 1e-9),
                            line_search_fn=None if line_search == "none" else line_search)
    if h:
        raise ValueError(f"hyperparameters torch does not take: {h}")

    def closure():
        opt.zero_grad()
        loss = SURFACES[surface](p[0], p[1])
        loss.backward()
        return loss

    rows = [p.detach().numpy().copy()]
    for _ in range(STEPS):
        opt.step(closure)
        theta = p.detach().numpy().copy()
        if not all(math.isfinite(v) for v in theta):
            raise ValueError(f"{surface} {hyper}: diverged; choose another case")
        rows.append(theta)
    return rows


def sensitivity(surface, start, hyper, rows):
    """How far the trajectory moves when the start moves by ±1e-15."""
    worst = 0.0
    for eps in (1e-15, -1e-15):
        other = run(surface, (start[0] + eps, start[1] - eps), hyper)
        for a, b in zip(rows, other):
            worst = max(worst, max(abs(a[i] - b[i]) / max(1.0, abs(a[i])) for i in range(2)))
    return worst


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = ["case,surface,x0,y0,steps,hyper"]
    trajectory = ["case,step,x,y"]
    for i, (surface, start, hyper) in enumerate(CASES):
        rows = run(surface, start, hyper)
        amplified = sensitivity(surface, start, hyper, rows)
        if amplified > CONDITION:
            raise ValueError(f"case {i} ({surface} {hyper}) is ill-conditioned: a 1e-15 change of the start "
                             f"moves its trajectory by {amplified:.2g}; choose another case")
        text = ";".join(f"{k}={v}" for k, v in hyper.items())
        cases.append(f"{i},{surface},{start[0]!r},{start[1]!r},{STEPS},{text}")
        for step, theta in enumerate(rows):
            trajectory.append(f"{i},{step},{theta[0]!r},{theta[1]!r}")
        print(f"case {i}: {surface} {text}: θ_{STEPS} = ({rows[-1][0]:.6g}, {rows[-1][1]:.6g}), "
              f"sensitivity {amplified:.1g}")
    write_atomic(os.path.join(OUT, "cases.csv"), "\n".join(cases) + "\n")
    write_atomic(os.path.join(OUT, "lbfgs.csv"), "\n".join(trajectory) + "\n")


if __name__ == "__main__":
    main()
