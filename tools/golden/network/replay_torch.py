#!/usr/bin/python3
"""Replays a `descent trace --network … --export DIR` run in PyTorch, float64.

Run with Debian's python3-torch (1.13):
    /usr/bin/python3 tools/golden/network/replay_torch.py DIR [--out FILE.csv]

Reads what the export holds, and nothing of Descent's code:
  data.csv      x1,x2,label,split (x2 is 0 and unused when config.json says inputs 1)
  features.txt  extra inputs after x1 (and x2), one a line: x2 y2 xy sinx siny
  init.h5       the initial weights, Keras' layout: one group per Dense layer,
                kernel (in, out) and bias, in the order of the root's layer_names
  batches.csv   step,index (training-row indices of step k's batch), when mini-batched
  config.json   activation, output, loss, l2, batch size, optimizer and hyperparameters
and writes step,loss (step 0 the initial weights): the training objective over
the whole training set at θ_k, mean loss plus l2·Σ‖W‖² over every kernel.

The optimizers are torch.optim's (tools/golden/torch_first_order.py maps
Descent's names and hyperparameters onto them; lbfgs is
torch.optim.LBFGS(max_iter=1), as tools/golden/torch_lbfgs.py runs it).
Descent's `nesterov` is the course's form θ ← θ + v, v ← α·v − ε·∇f(θ + α·v);
torch's SGD(nesterov=True) iterates the look-ahead point p = θ + α·v with
buffer b = −v/ε, so θ = p + α·ε·b is where the loss is recorded.
"""
import argparse
import csv
import json
import math
import os
import sys

import h5py
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from common import write_atomic  # noqa: E402
from torch_first_order import torch_optimizer  # noqa: E402

torch.set_default_dtype(torch.float64)

# Descent's own hyperparameters that torch.optim has no knob for, at the value torch behaves as.
TORCH_FIXED = {"bias_correction": 1.0, "eps_inside_sqrt": 0.0, "centralize": 0.0}


def load(directory):
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    rows = list(csv.DictReader(open(os.path.join(directory, "data.csv"))))
    features = [line.strip() for line in open(os.path.join(directory, "features.txt")) if line.strip()]
    train = [r for r in rows if r["split"] == "train"]
    x1 = torch.tensor([float(r["x1"]) for r in train])
    x2 = torch.tensor([float(r["x2"]) for r in train])
    columns = [x1] + ([x2] if config["inputs"] == 2 else [])
    extra = {"x2": lambda: x1 * x1, "y2": lambda: x2 * x2, "xy": lambda: x1 * x2,
             "sinx": lambda: torch.sin(x1), "siny": lambda: torch.sin(x2)}
    columns += [extra[name]() for name in features]
    x = torch.stack(columns, dim=1)
    labels = [float(r["label"]) for r in train]
    y = torch.tensor(labels) if config["loss"] == "mean_squared_error" else torch.tensor([int(v) for v in labels])

    params, kernels = [], []
    with h5py.File(os.path.join(directory, "init.h5"), "r") as h5:
        for name in h5.attrs["layer_names"]:
            name = name.decode() if isinstance(name, bytes) else name
            group = h5[name]
            weights = {}
            for wn in group.attrs["weight_names"]:
                wn = wn.decode() if isinstance(wn, bytes) else wn
                weights[wn.split("/")[-1].split(":")[0]] = torch.tensor(group[wn][()].astype("float64"))
            kernel = weights["kernel"].clone().requires_grad_(True)  # (in, out)
            bias = weights["bias"].clone().requires_grad_(True)
            params += [kernel, bias]
            kernels.append(kernel)

    batches = {}
    path = os.path.join(directory, "batches.csv")
    if config["batch_size"] != "full":
        for r in csv.DictReader(open(path)):
            batches.setdefault(int(r["step"]), []).append(int(r["index"]))
    return config, x, y, params, kernels, batches


def make_loss(config, params, kernels):
    act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "linear": lambda h: h,
           "leaky_relu": lambda h: F.leaky_relu(h, config["leaky_relu_alpha"])}[config["activation"]]
    l2 = config["l2"]

    def loss(x, y, weights=None):
        w = params if weights is None else weights
        h = x
        for i in range(0, len(w), 2):
            h = h @ w[i] + w[i + 1]
            if i + 2 < len(w):
                h = act(h)
        if config["loss"] == "mean_squared_error":
            value = ((h[:, 0] - y) ** 2).mean()
        else:
            value = -(torch.log_softmax(h, dim=1).gather(1, y[:, None])).mean()
        if l2:
            value = value + l2 * sum((w[i] ** 2).sum() for i in range(0, len(w), 2))
        return value

    return loss


def make_optimizer(config, params):
    name = config["optimizer"]["name"]
    hyper = dict(config["optimizer"]["hyperparameters"])
    for key, value in TORCH_FIXED.items():
        if key in hyper:
            if hyper.pop(key) != value:
                raise ValueError(f"{name}: torch.optim has no {key}={value}")
    if name == "lbfgs":
        line_search = hyper.pop("line_search")
        opt = torch.optim.LBFGS(params, lr=hyper.pop("lr"), max_iter=1, history_size=int(hyper.pop("history_size")),
                                tolerance_grad=hyper.pop("tolerance_grad"),
                                tolerance_change=hyper.pop("tolerance_change"),
                                line_search_fn=None if line_search == "none" else line_search)
        unused = hyper
    else:
        opt, unused = torch_optimizer(name, hyper, params)
    if unused:
        raise ValueError(f"{name}: hyperparameters torch does not take: {unused}")
    return opt


def replay(directory):
    config, x, y, params, kernels, batches = load(directory)
    loss = make_loss(config, params, kernels)
    opt = make_optimizer(config, params)
    name = config["optimizer"]["name"]
    momentum = config["optimizer"]["hyperparameters"].get("momentum", 0.0)
    lr = config["optimizer"]["hyperparameters"].get("lr", 0.0)

    def recorded():
        """The training loss at Descent's θ (for nesterov, behind torch's look-ahead iterate)."""
        with torch.no_grad():
            if name != "nesterov":
                return loss(x, y).item()
            theta = []
            for p in params:
                b = opt.state[p].get("momentum_buffer") if p in opt.state else None
                theta.append(p + momentum * lr * b if b is not None else p)
            return loss(x, y, theta).item()

    losses = [recorded()]
    for k in range(1, config["steps"] + 1):
        idx = batches.get(k)
        xb, yb = (x, y) if idx is None else (x[idx], y[idx])

        def closure():
            opt.zero_grad()
            value = loss(xb, yb)
            value.backward()
            return value

        if name == "lbfgs":
            opt.step(closure)
        else:
            closure()
            opt.step()
        value = recorded()
        if not math.isfinite(value):
            raise ValueError(f"{directory}: torch's run diverged at step {k}")
        losses.append(value)
    return losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--out", help="write step,loss here (default: stdout)")
    args = parser.parse_args()
    losses = replay(args.directory)
    text = "step,loss\n" + "".join(f"{k},{v!r}\n" for k, v in enumerate(losses))
    if args.out:
        write_atomic(os.path.abspath(args.out), text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
