#!/usr/bin/python3
"""Kills `descent train --checkpoint …` with SIGKILL at random moments and
checks that no training is lost.

Each time:
  - the last checkpoint on disk loads (`descent evaluate` reads it);
  - a temporary file left by a killed write (".ck.h5.tmp.PID") is never the
    checkpoint, and the next run removes it;
  - `--resume` from the checkpoint finishes with a model bit-identical to an
    uninterrupted run with the same seed on one thread: every weight and every
    optimizer buffer, byte for byte (read with h5py).

The data are tiny and a checkpoint is written after every epoch, so a kill
often lands inside a write; DESCENT_TEST_SLOW_WRITE_MS, descent's test hook,
holds each write half-done for a while to widen that window.

    /usr/bin/python3 tests/kill/kill_train.py build/lab/descent            # 20 kills
    /usr/bin/python3 tests/kill/kill_train.py build/lab/descent --kills 3  # CTest's short version
"""
import argparse
import glob
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

import h5py

EPOCHS = 30
SLOW_WRITE_MS = 15


def write_idx(path, dims, data):
    with open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, 8, len(dims)))
        for d in dims:
            f.write(struct.pack(">I", d))
        f.write(bytes(data))


def tiny_data(folder):
    """8×8 gray images of three classes (a bright band), as IDX files."""
    rng = random.Random(11)
    os.makedirs(folder)
    for name, n in (("train", 120), ("t10k", 30)):
        images, labels = [], []
        for i in range(n):
            label = i % 3
            labels.append(label)
            for r in range(8):
                for c in range(8):
                    images.append((150 if r * 3 // 8 == label else 0) + rng.randrange(100))
        write_idx(os.path.join(folder, name + "-images-idx3-ubyte"), (n, 8, 8), images)
        write_idx(os.path.join(folder, name + "-labels-idx1-ubyte"), (n,), labels)


def run(cmd, env=None):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError("%s exited %d:\n%s" % (" ".join(cmd), r.returncode, r.stdout))
    return r.stdout


def tensors(path):
    """Every dataset of the model's weights and the optimizer's state, as bytes."""
    out = {}
    with h5py.File(path, "r") as f:
        for group in ("model_weights", "optimizer_weights"):
            def visit(name, obj, group=group):
                if isinstance(obj, h5py.Dataset):
                    out[group + "/" + name] = obj[()].tobytes()
            f[group].visititems(visit)
    return out


def temp_files(folder):
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(folder, ".ck.h5.tmp.*")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("descent", help="the built descent binary")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=None, help="the kill moments' seed (default: random, printed)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print("kill_train: %d kills, seed %d" % (args.kills, seed))

    work = tempfile.mkdtemp(prefix="descent_kill_")
    failures = []
    try:
        data = os.path.join(work, "data")
        tiny_data(data)
        common = [args.descent, "train", "--data", data, "--threads", "1", "--quiet"]
        fresh = common + ["--model", "mlp", "--epochs", str(EPOCHS), "--batch-size", "16", "--seed", "7"]
        reference = os.path.join(work, "reference.h5")
        run(fresh + ["--save", reference])
        expected = tensors(reference)

        folder = os.path.join(work, "ck")
        checkpoint = os.path.join(folder, "ck.h5")
        slow = dict(os.environ, DESCENT_TEST_SLOW_WRITE_MS=str(SLOW_WRITE_MS))
        os.makedirs(folder)
        start = time.monotonic()
        run(fresh + ["--checkpoint", checkpoint], env=slow)
        duration = time.monotonic() - start
        print("kill_train: an uninterrupted run with checkpoints takes %.2f s" % duration)

        inside_write = 0
        for k in range(args.kills):
            # A busy machine can run faster or slower than the timed run: a
            # run that ends before its kill is tried again, sooner.
            for attempt in range(6):
                shutil.rmtree(folder)
                os.makedirs(folder)
                moment = rng.uniform(0.05, 0.9) * duration * 0.5 ** attempt
                p = subprocess.Popen(fresh + ["--checkpoint", checkpoint], env=slow,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(moment)
                p.send_signal(signal.SIGKILL)
                p.wait()
                if p.returncode == -signal.SIGKILL:
                    break
            left = temp_files(folder)
            inside_write += bool(left)
            what = "kill %2d at %.3f s: %s, %s" % (
                k + 1, moment, "checkpoint" if os.path.exists(checkpoint) else "no checkpoint yet",
                "temporary file %s left" % left if left else "no temporary file")
            problems = []
            if p.returncode != -signal.SIGKILL:
                problems.append("every run ended before its kill (the last with exit %d)" % p.returncode)
            if os.path.exists(checkpoint):
                r = subprocess.run([args.descent, "evaluate", checkpoint, "--data", data],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                if r.returncode != 0:
                    problems.append("the checkpoint does not load: " + r.stdout.strip())
                resumed = common + ["--resume", checkpoint, "--epochs", str(EPOCHS)]
            else:
                resumed = fresh
            final = os.path.join(work, "final.h5")
            try:
                run(resumed + ["--checkpoint", checkpoint, "--save", final])
            except RuntimeError as e:
                problems.append("the next run failed: %s" % e)
            else:
                stale = [t for t in temp_files(folder) if t in left]
                if stale:
                    problems.append("the next run left the killed write's temporary file %s" % stale)
                got = tensors(final)
                differ = sorted(n for n in expected if got.get(n) != expected[n])
                if set(got) != set(expected) or differ:
                    problems.append("resumed model differs from the uninterrupted one in %s" %
                                    (differ or sorted(set(got) ^ set(expected))))
            print(what + (": " + "; ".join(problems) if problems else ": resumed bit-identical"))
            failures += problems
        print("kill_train: %d kills, %d inside a checkpoint write, %d failures" %
              (args.kills, inside_write, len(failures)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
