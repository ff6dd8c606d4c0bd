#!/usr/bin/python3
"""Golden trajectories of the first-order optimizers, for tests/optim/test_first_order_torch.cpp.

Run with Debian's python3-torch (1.13):   /usr/bin/python3 tools/golden/torch_first_order.py

Every case starts an optimizer at a point of a 2-D test surface and records
θ after each of STEPS steps, in float64. The references are:
  torch   torch.optim itself: SGD (and momentum/nesterov mapped onto SGD),
          Adagrad, RMSprop, Adam, AdamW (and amsgrad), Adamax, NAdam
          (foreach=True: 1.13's single-tensor NAdam has a bug fixed in 2.0),
          RAdam, Adadelta;
  numpy   an update written here with numpy, for the forms torch lacks: the
          course's eps inside the square root (adagrad, rmsprop, adam), Adam
          without bias correction, and Lion (Chen et al. 2023). The gradient
          still comes from torch's autograd. Each numpy update is first
          checked against torch on the settings torch has.
  authors AdaBelief's own PyTorch code (adabelief-pytorch 0.2.1, from
          github.com/juntang-zhuang/Adabelief-Optimizer), read at generation
          time from a clone whose git directory ADABELIEF_GIT names and never
          copied into this repository.

Writes tests/data/torch/cases.csv (one line per case: the optimizer's name
in Descent, the surface, the start, the hyperparameters as Descent names
them) and tests/data/torch/<optimizer>.csv (case,step,x,y; step 0 is the
start). Descent's `momentum` and `nesterov` are the course's forms; with a
constant rate they are torch's SGD(momentum=α) in other coordinates, and for
nesterov the observable that equals torch's iterate is the look-ahead point
θ + α·v (observable = lookahead).
"""
import contextlib
import io
import math
import os
import subprocess
import sys
import types

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import SURFACES, write_atomic  # noqa: E402

torch.set_default_dtype(torch.float64)

STEPS = 200
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "torch")

STARTS = {
    "rosenbrock": (-1.2, 1.0),
    "beale": (1.0, 1.0),
    "booth": (0.0, 0.0),
    "himmelblau": (0.0, 0.0),
    "quadratic_valley": (-4.5, 1.5),
}


def gradient(surface, theta):
    """∇f at θ (a numpy array), by torch's autograd in float64."""
    p = torch.tensor(theta, requires_grad=True)
    SURFACES[surface](p[0], p[1]).backward()
    return p.grad.numpy().copy()


# [SECTION] torch references ---------------------------------------------------

def torch_optimizer(name, hyper, params):
    """torch.optim for Descent's `name` with Descent's hyperparameter names."""
    h = dict(hyper)
    wd = h.pop("weight_decay", 0.0)
    betas = (h.pop("beta1", 0.9), h.pop("beta2", 0.999))
    O = torch.optim
    if name == "sgd":
        return O.SGD(params, lr=h.pop("lr", 1e-3), momentum=h.pop("momentum", 0), dampening=h.pop("dampening", 0),
                     nesterov=bool(h.pop("nesterov", 0)), weight_decay=wd), h
    if name in ("momentum", "nesterov"):
        return O.SGD(params, lr=h.pop("lr", 1e-3), momentum=h.pop("momentum", 0.9), dampening=0,
                     nesterov=name == "nesterov", weight_decay=wd), h
    if name == "adagrad":
        return O.Adagrad(params, lr=h.pop("lr", 1e-2), lr_decay=h.pop("lr_decay", 0),
                         initial_accumulator_value=h.pop("initial_accumulator_value", 0), eps=h.pop("eps", 1e-10),
                         weight_decay=wd), h
    if name == "rmsprop":
        return O.RMSprop(params, lr=h.pop("lr", 1e-2), alpha=h.pop("alpha", 0.99), eps=h.pop("eps", 1e-8),
                         momentum=h.pop("momentum", 0), centered=bool(h.pop("centered", 0)), weight_decay=wd), h
    if name in ("adam", "amsgrad"):
        return O.Adam(params, lr=h.pop("lr", 1e-3), betas=betas, eps=h.pop("eps", 1e-8),
                      amsgrad=bool(h.pop("amsgrad", name == "amsgrad")), weight_decay=wd), h
    if name == "adamw":
        return O.AdamW(params, lr=h.pop("lr", 1e-3), betas=betas, eps=h.pop("eps", 1e-8),
                       amsgrad=bool(h.pop("amsgrad", 0)), weight_decay=hyper.get("weight_decay", 1e-2)), h
    if name == "adamax":
        return O.Adamax(params, lr=h.pop("lr", 2e-3), betas=betas, eps=h.pop("eps", 1e-8), weight_decay=wd), h
    if name == "nadam":
        return O.NAdam(params, lr=h.pop("lr", 2e-3), betas=betas, eps=h.pop("eps", 1e-8),
                       momentum_decay=h.pop("momentum_decay", 4e-3), weight_decay=wd, foreach=True), h
    if name == "radam":
        return O.RAdam(params, lr=h.pop("lr", 1e-3), betas=betas, eps=h.pop("eps", 1e-8), weight_decay=wd), h
    if name == "adadelta":
        return O.Adadelta(params, lr=h.pop("lr", 1.0), rho=h.pop("rho", 0.9), eps=h.pop("eps", 1e-6),
                          weight_decay=wd), h
    if name == "adabelief":
        with contextlib.redirect_stdout(io.StringIO()):  # it announces its settings
            return authors_adabelief()(params, lr=h.pop("lr", 1e-3), betas=betas, eps=h.pop("eps", 1e-16),
                                       weight_decay=wd, rectify=bool(h.pop("rectify", 1)), print_change_log=False), h
    raise KeyError(name)


ADABELIEF_SOURCE = "pypi_packages/adabelief_pytorch0.2.1/adabelief_pytorch/AdaBelief.py"


def authors_adabelief():
    """The AdaBelief class of the authors' package, loaded from their repository's git directory."""
    git_dir = os.environ.get("ADABELIEF_GIT")
    if not git_dir:
        sys.exit("set ADABELIEF_GIT to the git directory of a clone of github.com/juntang-zhuang/Adabelief-Optimizer")
    source = subprocess.run(["git", "--git-dir", git_dir, "show", "HEAD:" + ADABELIEF_SOURCE], check=True,
                            capture_output=True, text=True).stdout
    # The module prints a change log with tabulate and colorama; neither matters here.
    sys.modules.setdefault("tabulate", types.SimpleNamespace(tabulate=lambda *a, **k: ""))
    colours = types.SimpleNamespace(RED="", BLUE="", GREEN="", RESET_ALL="")
    sys.modules.setdefault("colorama", types.SimpleNamespace(Fore=colours, Back=colours, Style=colours))
    module = types.ModuleType("adabelief_authors")
    exec(compile(source, ADABELIEF_SOURCE, "exec"), module.__dict__)
    return module.AdaBelief


def run_torch(name, surface, hyper, observable):
    p = torch.tensor(STARTS[surface], requires_grad=True)
    opt, unused = torch_optimizer(name, hyper, [p])
    if unused:
        raise ValueError(f"{name}: hyperparameters torch does not take: {unused}")
    rows = [p.detach().numpy().copy()]
    for _ in range(STEPS):
        opt.zero_grad()
        SURFACES[surface](p[0], p[1]).backward()
        opt.step()
        rows.append(p.detach().numpy().copy())
    # torch's nesterov iterate is Descent's look-ahead point; momentum's θ is torch's iterate.
    assert observable in ("theta", "lookahead")
    return rows


# [SECTION] numpy references ---------------------------------------------------
# Each update mirrors the floating-point order of torch.optim's single-tensor
# path where torch has the method, so the check against torch below is tight.

def numpy_adagrad(surface, h):
    lr, lr_decay, eps = h.get("lr", 1e-2), h.get("lr_decay", 0.0), h.get("eps", 1e-10)
    wd, inside = h.get("weight_decay", 0.0), h.get("eps_inside_sqrt", 0)
    theta = np.array(STARTS[surface])
    s = np.full(2, h.get("initial_accumulator_value", 0.0))
    rows = [theta.copy()]
    for t in range(1, STEPS + 1):
        g = gradient(surface, theta) + wd * theta
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g
        denom = np.sqrt(s + eps) if inside else np.sqrt(s) + eps
        theta = theta + (-clr * g) / denom
        rows.append(theta.copy())
    return rows


def numpy_rmsprop(surface, h):
    lr, alpha, eps = h.get("lr", 1e-2), h.get("alpha", 0.99), h.get("eps", 1e-8)
    mu, centered, inside = h.get("momentum", 0.0), h.get("centered", 0), h.get("eps_inside_sqrt", 0)
    wd = h.get("weight_decay", 0.0)
    theta = np.array(STARTS[surface])
    s, g_avg, b = np.zeros(2), np.zeros(2), np.zeros(2)
    rows = [theta.copy()]
    for _ in range(STEPS):
        g = gradient(surface, theta) + wd * theta
        s = s * alpha + ((1 - alpha) * g) * g
        var = s
        if centered:
            g_avg = g_avg * alpha + (1 - alpha) * g
            var = s - g_avg * g_avg
        denom = np.sqrt(var + eps) if inside else np.sqrt(var) + eps
        if mu > 0:
            b = b * mu + g / denom
            theta = theta + (-lr) * b
        else:
            theta = theta + (-lr * g) / denom
        rows.append(theta.copy())
    return rows


def numpy_adam(surface, h, decoupled=False):
    lr, b1, b2, eps = h.get("lr", 1e-3), h.get("beta1", 0.9), h.get("beta2", 0.999), h.get("eps", 1e-8)
    wd = h.get("weight_decay", 1e-2 if decoupled else 0.0)
    ams, corrected, inside = h.get("amsgrad", 0), h.get("bias_correction", 1), h.get("eps_inside_sqrt", 0)
    theta = np.array(STARTS[surface])
    m, s, s_max = np.zeros(2), np.zeros(2), np.zeros(2)
    rows = [theta.copy()]
    for t in range(1, STEPS + 1):
        g = gradient(surface, theta)
        if decoupled:
            theta = theta * (1 - lr * wd)
        else:
            g = g + wd * theta
        m = m * b1 + (1 - b1) * g
        s = s * b2 + ((1 - b2) * g) * g
        s_used = s
        if ams:
            s_max = np.maximum(s_max, s)
            s_used = s_max
        bc1 = 1 - b1 ** t if corrected else 1.0
        bc2 = 1 - b2 ** t if corrected else 1.0
        step = lr / bc1
        if inside:  # the course: m̂ / √(ŝ + eps)
            denom = np.sqrt(s_used / bc2 + eps)
        else:
            denom = np.sqrt(s_used) / math.sqrt(bc2) + eps
        theta = theta + (-step * m) / denom
        rows.append(theta.copy())
    return rows


def numpy_lion(surface, h):
    """Lion, Algorithm 1 of Chen et al. 2023, with decoupled weight decay λ:
    c = β₁·m + (1 − β₁)·g;  θ ← θ − ε·(sign(c) + λ·θ);  m ← β₂·m + (1 − β₂)·g."""
    lr, b1, b2, wd = h.get("lr", 1e-4), h.get("beta1", 0.9), h.get("beta2", 0.99), h.get("weight_decay", 0.0)
    theta = np.array(STARTS[surface])
    m = np.zeros(2)
    rows = [theta.copy()]
    for _ in range(STEPS):
        g = gradient(surface, theta)
        c = m * b1 + (1 - b1) * g
        theta = theta * (1 - lr * wd)
        theta = theta + (-lr) * np.sign(c)
        m = m * b2 + (1 - b2) * g
        rows.append(theta.copy())
    return rows


def run_numpy(name, surface, hyper):
    if name == "adagrad":
        return numpy_adagrad(surface, hyper)
    if name == "rmsprop":
        return numpy_rmsprop(surface, hyper)
    if name in ("adam", "adamw", "amsgrad"):
        h = dict(hyper)
        if name == "amsgrad":
            h.setdefault("amsgrad", 1)
        return numpy_adam(surface, h, decoupled=name == "adamw")
    if name == "lion":
        return numpy_lion(surface, hyper)
    raise KeyError(name)


def check_numpy_against_torch():
    """The numpy updates agree with torch where torch has the same form."""
    checks = [
        ("adagrad", "rosenbrock", {"lr": 0.05, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
        ("rmsprop", "beale", {"lr": 0.003, "centered": 1, "momentum": 0.5, "weight_decay": 0.01}),
        ("rmsprop", "booth", {}),
        ("adam", "rosenbrock", {"lr": 0.01, "weight_decay": 0.01}),
        ("amsgrad", "beale", {"lr": 0.01}),
        ("adamw", "booth", {"lr": 0.05, "weight_decay": 0.1}),
    ]
    for name, surface, h in checks:
        a = np.array(run_numpy(name, surface, h))
        b = np.array(run_torch(name, surface, h, "theta"))
        err = np.max(np.abs(a - b) / np.maximum(1, np.abs(b)))
        if not err <= 1e-12:
            sys.exit(f"numpy {name} disagrees with torch on {surface}: {err:.3g}")


# [SECTION] the cases ----------------------------------------------------------
# (Descent's optimizer, surfaces, Descent's hyperparameters, reference,
#  observable). Defaults on three surfaces; other settings, with weight decay
# on some, on one or two more.

T, N, A = "torch", "numpy", "authors"
CASES = [
    ("sgd", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("sgd", ["himmelblau"], {"lr": 0.002, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.05}, T, "theta"),
    ("sgd", ["rosenbrock"], {"lr": 0.0005, "momentum": 0.9, "nesterov": 1}, T, "theta"),
    ("momentum", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("momentum", ["himmelblau"], {"lr": 0.003, "momentum": 0.7, "weight_decay": 0.02}, T, "theta"),
    ("nesterov", ["rosenbrock", "beale", "booth"], {}, T, "lookahead"),
    ("nesterov", ["quadratic_valley"], {"lr": 0.02, "momentum": 0.6, "weight_decay": 0.02}, T, "lookahead"),
    ("adagrad", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("adagrad", ["himmelblau"], {"lr": 0.3, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6,
                                 "weight_decay": 0.01}, T, "theta"),
    ("adagrad", ["rosenbrock"], {"lr": 0.1, "eps": 0.01, "eps_inside_sqrt": 1}, N, "theta"),
    ("adagrad", ["quadratic_valley"], {"lr": 0.5, "eps": 0.01, "initial_accumulator_value": 0.5,
                                       "eps_inside_sqrt": 1}, N, "theta"),
    ("rmsprop", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("rmsprop", ["himmelblau"], {"lr": 0.005, "alpha": 0.9, "eps": 1e-6, "centered": 1, "momentum": 0.5}, T, "theta"),
    ("rmsprop", ["quadratic_valley"], {"lr": 0.002, "momentum": 0.9, "weight_decay": 0.05}, T, "theta"),
    ("rmsprop", ["booth"], {"eps": 1e-3, "eps_inside_sqrt": 1}, N, "theta"),
    ("rmsprop", ["beale"], {"lr": 0.003, "eps": 1e-4, "centered": 1, "momentum": 0.3, "eps_inside_sqrt": 1}, N,
     "theta"),
    ("adam", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("adam", ["himmelblau"], {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.01}, T,
     "theta"),
    ("adam", ["rosenbrock", "quadratic_valley"], {"lr": 0.01, "bias_correction": 0}, N, "theta"),
    ("adam", ["beale"], {"lr": 0.01, "eps": 1e-4, "eps_inside_sqrt": 1}, N, "theta"),
    ("adamw", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("adamw", ["himmelblau"], {"lr": 0.05, "beta1": 0.85, "weight_decay": 0.1, "amsgrad": 1}, T, "theta"),
    ("amsgrad", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("amsgrad", ["quadratic_valley"], {"lr": 0.05, "beta2": 0.9, "weight_decay": 0.01}, T, "theta"),
    ("adamax", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("adamax", ["himmelblau"], {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.01}, T, "theta"),
    ("nadam", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("nadam", ["himmelblau"], {"lr": 0.03, "beta1": 0.85, "momentum_decay": 0.01, "weight_decay": 0.01}, T,
     "theta"),
    ("radam", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("radam", ["himmelblau"], {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.01}, T, "theta"),
    ("adadelta", ["rosenbrock", "beale", "booth"], {}, T, "theta"),
    ("adadelta", ["himmelblau"], {"lr": 5.0, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.01}, T, "theta"),
    ("lion", ["rosenbrock", "beale", "booth"], {}, N, "theta"),
    ("lion", ["quadratic_valley"], {"lr": 0.01, "beta1": 0.8, "beta2": 0.95, "weight_decay": 0.1}, N, "theta"),
    ("adabelief", ["rosenbrock", "beale", "booth"], {}, A, "theta"),
    ("adabelief", ["himmelblau"], {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.01}, A,
     "theta"),
    ("adabelief", ["quadratic_valley"], {"lr": 0.02, "rectify": 0}, A, "theta"),
]


def check_numpy_cases_discriminate():
    """A numpy case for the course's form must tell it from torch's form:
    eps inside √ vs outside, bias correction off vs on."""
    for name, surfaces, hyper, reference, _ in CASES:
        if reference != N or name == "lion":
            continue
        for key, other in (("eps_inside_sqrt", 0), ("bias_correction", 1)):
            if key in hyper:
                for surface in surfaces:
                    a = np.array(run_numpy(name, surface, hyper))
                    b = np.array(run_numpy(name, surface, {**hyper, key: other}))
                    diff = np.max(np.abs(a - b) / np.maximum(1, np.abs(b)))
                    if not diff > 1e-6:
                        sys.exit(f"{name} on {surface} with {hyper}: {key}={other} gives nearly the same path ({diff:.3g})")


def fmt(v):
    """Exactly, for inputs."""
    return repr(float(v))


def fmt12(v):
    """To 12 significant digits, for trajectories: 5e-13 relative, far below the test's 1e-9."""
    return f"{float(v):.12g}"


def main():
    check_numpy_against_torch()
    check_numpy_cases_discriminate()
    os.makedirs(OUT, exist_ok=True)
    index = ["case,optimizer,surface,x0,y0,steps,reference,observable,hyper"]
    trajectories = {}
    case = 0
    for name, surfaces, hyper, reference, observable in CASES:
        for surface in surfaces:
            rows = run_numpy(name, surface, hyper) if reference == N else run_torch(name, surface, hyper, observable)
            rows = np.array(rows)
            if not np.all(np.isfinite(rows)) or np.max(np.abs(rows)) > 1e3:
                sys.exit(f"case {case} ({name} on {surface}) diverges: pick other settings")
            x0, y0 = STARTS[surface]
            spec = ";".join(f"{k}={fmt(v)}" for k, v in hyper.items())
            index.append(f"{case},{name},{surface},{fmt(x0)},{fmt(y0)},{STEPS},{reference},{observable},{spec}")
            lines = trajectories.setdefault(name, ["case,step,x,y"])
            for step, (x, y) in enumerate(rows):
                lines.append(f"{case},{step},{fmt12(x)},{fmt12(y)}")
            case += 1
    write_atomic(os.path.join(OUT, "cases.csv"), "\n".join(index) + "\n")
    for name, lines in trajectories.items():
        write_atomic(os.path.join(OUT, f"{name}.csv"), "\n".join(lines) + "\n")
    print(f"{case} cases, {len(trajectories)} optimizers, torch {torch.__version__}, written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
