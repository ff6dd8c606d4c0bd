#!/usr/bin/python3
"""Train the reference CNN in lockstep with PyTorch: same weights, same batches.

Everything random is taken out, so that what is left to differ is arithmetic:
- both sides start from the weights descent draws for --seed (Glorot uniform,
  zero biases), read here from the HDF5 file descent writes;
- both take the training images in file order (`--no-shuffle`), batch 64;
- the Dropout layer is removed from both (its masks cannot be shared).

It prints, per epoch, the mean training loss on each side, then the test loss
and accuracy, and how far apart the final weights are, layer by layer. With
--train-images N only the first N training images are used (N/64 steps), which
shows how closely single steps agree before rounding differences compound.

usage: /usr/bin/python3 tools/nn/lockstep_vs_torch.py [--data fashion|mnist] [--epochs 3] [--seed 1]
       [--train-images N] [--threads 2] [--descent PATH]
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from accuracy_vs_torch import SETS, load  # noqa: E402

BATCH = 64


def write_idx_subset(src_folder, dst_folder, n):
    """The first n training images and labels, plus the whole test set, as plain IDX files."""
    import torch
    xtr, ytr = load(src_folder, "train")
    xte, yte = load(src_folder, "t10k")
    os.makedirs(dst_folder)
    for name, x, y in (("train", xtr[:n], ytr[:n]), ("t10k", xte, yte)):
        pixels = (x * 255).round().to(torch.uint8).numpy().tobytes()
        with open(os.path.join(dst_folder, "%s-images-idx3-ubyte" % name), "wb") as f:
            f.write(struct.pack(">IIII", 0x803, len(y), 28, 28) + pixels)
        with open(os.path.join(dst_folder, "%s-labels-idx1-ubyte" % name), "wb") as f:
            f.write(struct.pack(">II", 0x801, len(y)) + y.to(torch.uint8).numpy().tobytes())


def read_keras_weights(path):
    """{layer: (kernel, bias)} from a Keras-layout weights file, as torch tensors."""
    import h5py
    import torch
    out = {}
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f
        for layer in root:
            names = [n.decode() for n in root[layer].attrs["weight_names"]]
            if names:
                out[layer] = tuple(torch.tensor(root[layer][n][()], dtype=torch.float32) for n in names)
    return out


def torch_model(weights):
    """The reference CNN without Dropout, flattening in NHWC order as Keras does."""
    import torch
    import torch.nn as nn

    class NHWCFlatten(nn.Module):
        def forward(self, x):
            return x.permute(0, 2, 3, 1).flatten(1)

    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), NHWCFlatten(), nn.Linear(1600, 10))
    with torch.no_grad():
        for module, name in ((model[0], "conv2d"), (model[3], "conv2d_1"), (model[7], "dense")):
            kernel, bias = weights[name]
            # Keras: conv (kh, kw, C, F) and dense (in, out); PyTorch: (F, C, kh, kw) and (out, in).
            module.weight.copy_(kernel.permute(3, 2, 0, 1) if kernel.dim() == 4 else kernel.t())
            module.bias.copy_(bias)
    return model


def torch_train(folder, weights, epochs, threads):
    import torch
    import torch.nn as nn
    torch.set_num_threads(threads)
    xtr, ytr = load(folder, "train")
    xte, yte = load(folder, "t10k")
    model = torch_model(weights)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    history = []
    for _ in range(epochs):
        total = 0.0
        for i in range(0, len(ytr), BATCH):
            opt.zero_grad()
            loss = loss_fn(model(xtr[i:i + BATCH]), ytr[i:i + BATCH])
            loss.backward()
            opt.step()
            total += loss.item() * len(ytr[i:i + BATCH])
        history.append(total / len(ytr))
    with torch.no_grad():
        logits = torch.cat([model(xte[i:i + 1000]) for i in range(0, len(yte), 1000)])
    test_loss = nn.functional.cross_entropy(logits, yte).item()
    accuracy = (logits.argmax(1) == yte).float().mean().item()
    final = {"conv2d": (model[0].weight.permute(2, 3, 1, 0), model[0].bias),
             "conv2d_1": (model[3].weight.permute(2, 3, 1, 0), model[3].bias),
             "dense": (model[7].weight.t(), model[7].bias)}
    return history, test_loss, accuracy, final


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--descent", default=os.path.join(ROOT, "build", "lab", "descent"))
    ap.add_argument("--data", choices=sorted(SETS), default="fashion")
    ap.add_argument("--epochs", type=int, default=None, help="default: 3 for fashion, 5 for mnist")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-images", type=int, default=0, help="use only the first N training images")
    a = ap.parse_args()
    folder, default_epochs = SETS[a.data]
    epochs = a.epochs if a.epochs is not None else default_epochs
    tmp = tempfile.mkdtemp(prefix="lockstep-")
    try:
        data = a.data
        if a.train_images:
            data = folder = os.path.join(tmp, "subset")
            write_idx_subset(SETS[a.data][0], folder, a.train_images)
        run = lambda *args: subprocess.run([a.descent, "train", "--data", data, "--val-split", "0", "--quiet",
                                            "--seed", str(a.seed), "--threads", str(a.threads)] + list(args),
                                           check=True, stdout=subprocess.DEVNULL)
        # descent's initial weights for this seed, and its architecture without Dropout.
        init, full, nodrop = (os.path.join(tmp, n) for n in ("init.h5", "full.json", "nodrop.json"))
        run("--model", "cnn", "--epochs", "0", "--save-weights", init, "--save-architecture", full)
        with open(full) as f:
            arch = json.load(f)
        arch["config"]["layers"] = [l for l in arch["config"]["layers"] if l["class_name"] != "Dropout"]
        with open(nodrop, "w") as f:
            json.dump(arch, f)
        report, final = os.path.join(tmp, "report.json"), os.path.join(tmp, "final.h5")
        run("--model", nodrop, "--initial-weights", init, "--no-shuffle", "--optimizer", "adam", "--lr", "0.001",
            "--epochs", str(epochs), "--batch-size", str(BATCH), "--report", report, "--save-weights", final)
        with open(report) as f:
            r = json.load(f)
        d_history = [h["loss"] for h in r["history"]]
        t_history, t_loss, t_acc, t_final = torch_train(folder, read_keras_weights(init), epochs, a.threads)

        print("lockstep: %s, %s training images, batch %d, %d epochs, seed %d, no dropout, no shuffle"
              % (a.data, a.train_images or "all", BATCH, epochs, a.seed))
        print("%-22s %12s %12s %10s" % ("", "descent", "pytorch", "rel diff"))
        for e, (d, t) in enumerate(zip(d_history, t_history)):
            print("%-22s %12.6f %12.6f %10.2e" % ("epoch %d train loss" % (e + 1), d, t, abs(d - t) / abs(t)))
        print("%-22s %12.6f %12.6f %10.2e" % ("test loss", r["test_loss"], t_loss, abs(r["test_loss"] - t_loss) / t_loss))
        print("%-22s %12.4f %12.4f" % ("test accuracy", r["test_accuracy"], t_acc))
        d_final = read_keras_weights(final)
        for layer in ("conv2d", "conv2d_1", "dense"):
            for what, d, t in zip(("kernel", "bias"), d_final[layer], t_final[layer]):
                t = t.detach()
                rel = ((d - t).norm() / t.norm()).item()
                print("%-22s %12s %12s %10.2e" % ("%s %s ‖Δ‖/‖w‖" % (layer, what), "", "", rel))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
