#!/usr/bin/python3
"""Golden training losses of small networks from PyTorch, for tests/scenes/test_network_torch.cpp.

Run with Debian's python3-torch (1.13), after building `descent`:
    /usr/bin/python3 tools/golden/network/make_golden.py [path/to/descent]
(default: build/lab/descent).

For each case below it runs `descent trace --network … --export DIR`, replays
the export in PyTorch float64 (replay_torch.py: same data, initial weights,
batches, loss and L2, torch.optim's optimizers), and refuses the case unless
Descent's own per-step loss already agrees with torch's within 1e-9 relative
over all STEPS steps. It then writes, each to a temporary name then renamed:
  tests/data/network/cases.csv  case,data,points,hidden,activation,batch_size,l2,features,seed,optimizer,hyper
                                (lists joined by ';', hyper as name=value;… in Descent's names)
  tests/data/network/torch.csv  case,step,loss  (torch's training loss at θ_k; step 0 the initial weights)
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
from common import write_atomic  # noqa: E402
from replay_torch import replay  # noqa: E402

STEPS = 200
TOLERANCE = 1e-9
OUT = os.path.join(ROOT, "tests", "data", "network")

# (data, points, hidden, activation, batch size, l2, features, seed, optimizer, hyperparameters)
CASES = [
    ("moons", 48, [6], "tanh", "full", 0.0, [], 1, "sgd", {"lr": 0.3}),
    ("sine", 40, [8], "tanh", "full", 0.0, [], 5, "sgd", {"lr": 0.05}),
    ("circles", 48, [6, 4], "tanh", "full", 0.0, [], 2, "momentum", {"lr": 0.05, "momentum": 0.9}),
    ("blobs", 48, [5], "sigmoid", "full", 0.0, [], 3, "nesterov", {"lr": 0.1, "momentum": 0.9}),
    ("spirals", 60, [8, 8], "tanh", "full", 0.001, ["x2", "y2"], 4, "adam", {"lr": 0.02}),
    ("moons", 48, [6], "tanh", "full", 0.0, [], 5, "rmsprop", {"lr": 0.005}),
    # L-BFGS with an L2 term: without one the loss heads to 0 on separable
    # points, where a relative comparison of ~1e-8 losses measures rounding.
    ("moons", 48, [5], "tanh", "full", 0.01, [], 6, "lbfgs", {"line_search": "strong_wolfe"}),
    ("circles", 48, [5], "tanh", "full", 0.01, [], 6, "lbfgs", {"line_search": "strong_wolfe", "history_size": 10}),
    ("moons", 64, [6], "leaky_relu", 16, 0.001, ["xy"], 7, "adam", {"lr": 0.01}),
]


def descent_loss(descent, case, directory):
    data, points, hidden, activation, batch, l2, features, seed, optimizer, hyper = case
    args = [descent, "trace", "--network", data, "--points", str(points), "--hidden", ",".join(map(str, hidden)),
            "--activation", activation, "--batch-size", str(batch), "--l2", repr(l2), "--seed", str(seed),
            "--optimizer", optimizer, "--steps", str(STEPS), "--export", directory]
    if features:
        args += ["--features", ",".join(features)]
    for key, value in hyper.items():
        args += ["--" + key.replace("_", "-"), str(value)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [float(line.split(",")[1]) for line in out.splitlines()[1:]]


def main():
    descent = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "lab", "descent")
    os.makedirs(OUT, exist_ok=True)
    cases = ["case,data,points,hidden,activation,batch_size,l2,features,seed,optimizer,hyper"]
    losses = ["case,step,loss"]
    for i, case in enumerate(CASES):
        data, points, hidden, activation, batch, l2, features, seed, optimizer, hyper = case
        with tempfile.TemporaryDirectory() as directory:
            ours = descent_loss(descent, case, directory)
            torch_losses = replay(directory)
        worst = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(ours, torch_losses))
        if len(ours) != STEPS + 1 or len(torch_losses) != STEPS + 1 or worst > TOLERANCE:
            raise ValueError(f"case {i} ({optimizer} on {data}): Descent and torch differ by {worst:.2g} relative")
        text = ";".join(f"{k}={v}" for k, v in hyper.items())
        cases.append(f"{i},{data},{points},{';'.join(map(str, hidden))},{activation},{batch},{l2!r},"
                     f"{';'.join(features)},{seed},{optimizer},{text}")
        losses += [f"{i},{k},{v!r}" for k, v in enumerate(torch_losses)]
        print(f"case {i}: {optimizer} on {data}: loss {torch_losses[0]:.6g} → {torch_losses[-1]:.6g}, "
              f"Descent within {worst:.2g} relative")
    write_atomic(os.path.join(OUT, "cases.csv"), "\n".join(cases) + "\n")
    write_atomic(os.path.join(OUT, "torch.csv"), "\n".join(losses) + "\n")


if __name__ == "__main__":
    main()
