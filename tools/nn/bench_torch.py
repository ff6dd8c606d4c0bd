#!/usr/bin/python3
"""Training speed of the reference CNN: `descent bench train` and PyTorch,
alternately in one run, at batch 32, 64 and 128.

Both train Conv2D(32,3x3,relu) MaxPool2 Conv2D(64,3x3,relu) MaxPool2 Flatten
Dropout(0.5) Dense(10) with softmax cross-entropy and Adam (lr 1e-3) on
random 28x28x1 images, with the same thread count. Each measurement is its
own process, so peak RSS is per side. Prints images/s, GFLOP/s (14.26 MFLOP
per training image: forward, weight and input gradients, no gradient for the
input images) and peak RSS, then the ratios descent / PyTorch.

usage: /usr/bin/python3 tools/nn/bench_torch.py [--descent PATH] [--batches N] [--rounds R] [--threads T]
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time



def torch_worker(batch, batches, warmup, threads):
    import torch
    import torch.nn as nn
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    pool = 8
    xs = torch.rand(pool, batch, 1, 28, 28)
    ys = torch.randint(0, 10, (pool, batch))

    def run(n):
        for i in range(n):
            opt.zero_grad()
            loss = loss_fn(model(xs[i % pool]), ys[i % pool])
            loss.backward()
            opt.step()

    run(warmup)
    t0 = time.perf_counter()
    run(batches)
    seconds = time.perf_counter() - t0
    ips = batches * batch / seconds
    rss = peak_rss_mib()
    print("images_per_s=%.1f peak_rss_mib=%.1f" % (ips, rss))


def peak_rss_mib():
    """VmHWM: the peak of this process image (ru_maxrss would include the parent's)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse(out):
    """(images/s, GFLOP/s or None, peak RSS MiB) from a result line; the PyTorch worker prints no GFLOP/s."""
    m = re.search(r"images_per_s=([\d.]+)(?: gflops=([\d.]+))? peak_rss_mib=([\d.]+)", out)
    if not m:
        sys.exit("bench_torch: no result line in:\n" + out)
    return tuple(float(v) if v is not None else None for v in m.groups())


def blas_info():
    lib = "/usr/lib/x86_64-linux-gnu/libblas.so.3"
    return os.path.realpath(lib) if os.path.exists(lib) else "unknown"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--descent", default=os.path.join(here, "..", "..", "build", "lab", "descent"))
    ap.add_argument("--batches", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-sizes", default="32,64,128")
    ap.add_argument("--torch-worker", type=int, default=0, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.torch_worker:
        torch_worker(a.torch_worker, a.batches, a.warmup, a.threads)
        return
    import torch
    print("PyTorch %s, libblas.so.3 -> %s, %d threads, %d timed batches, %d rounds alternating"
          % (torch.__version__, blas_info(), a.threads, a.batches, a.rounds))
    print("%6s %-8s %10s %9s %9s" % ("batch", "side", "images/s", "GFLOP/s", "RSS MiB"))
    for batch in [int(b) for b in a.batch_sizes.split(",")]:
        results = {"descent": [], "torch": []}
        for _ in range(a.rounds):
            d = subprocess.run([a.descent, "bench", "train", "--batch-size", str(batch), "--batches", str(a.batches),
                                "--warmup", str(a.warmup), "--threads", str(a.threads)],
                               capture_output=True, text=True, check=True)
            results["descent"].append(parse(d.stdout))
            t = subprocess.run([sys.executable, os.path.abspath(__file__), "--torch-worker", str(batch), "--batches",
                                str(a.batches), "--warmup", str(a.warmup), "--threads", str(a.threads)],
                               capture_output=True, text=True, check=True)
            ips, _, rss = parse(t.stdout)
            # The same FLOP count on both sides: descent's, from the layers (the
            # first layer's input gradient is computed by neither).
            flops_per_image = results["descent"][-1][1] / results["descent"][-1][0]
            results["torch"].append((ips, ips * flops_per_image, rss))
        med = {}
        for side, rows in results.items():
            med[side] = tuple(statistics.median(r[i] for r in rows) for i in range(3))
            print("%6d %-8s %10.0f %9.1f %9.1f   (runs: %s)" % (batch, side, med[side][0], med[side][1], med[side][2],
                                                               ", ".join("%.0f" % r[0] for r in rows)))
        print("%6d %-8s %9.2fx throughput, %.2fx peak RSS" % (batch, "ratio", med["descent"][0] / med["torch"][0],
                                                             med["descent"][2] / med["torch"][2]))


if __name__ == "__main__":
    main()
