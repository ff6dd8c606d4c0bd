#!/usr/bin/python3
"""Seeds for the libFuzzer targets: small valid inputs, one folder per target.

    /usr/bin/python3 tools/fuzz/make_corpus.py BUILD_DIR/descent [OUT_DIR]

OUT_DIR defaults to tests/fuzz/corpus. Every folder is emptied and rewritten,
so the corpus is exactly what this script makes (tools/fuzz.sh --merge adds
inputs the fuzzer found; rerunning this script drops them). The .h5 seeds
are real models, trained for one epoch by `descent train` on a tiny image
folder this script writes (8×8 gray, 3 classes), so they follow every
convention of the load path. Files stay small: the whole corpus is well under
1 MB. Needs only Python's standard library (and ImageMagick's convert, when
present, for the JPEG and GIF seeds).
"""
import gzip
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def png(width, height, pixels, gray=True):
    """A PNG (8-bit gray or RGB, no filter), written by hand."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    step = 1 if gray else 3
    rows = b"".join(b"\0" + bytes(pixels[y * width * step:(y + 1) * width * step]) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if gray else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def bmp(width, height, gray_pixels):
    """A 24-bit BMP, bottom-up rows padded to 4 bytes."""
    row = (width * 3 + 3) // 4 * 4
    body = b""
    for y in reversed(range(height)):
        line = b"".join(bytes([v, v, v]) for v in gray_pixels[y * width:(y + 1) * width])
        body += line + b"\0" * (row - len(line))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(body), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(body), 2835, 2835, 0, 0)
    return header + info + body


def idx(dims, data):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(data)


def pattern(k, n=8):
    """Class k's image: a bar in one of three orientations, with a little noise."""
    out = []
    for y in range(n):
        for x in range(n):
            on = (k == 0 and y in (3, 4)) or (k == 1 and x in (3, 4)) or (k == 2 and abs(x - y) <= 1)
            out.append(220 if on else (x * 7 + y * 13) % 40)
    return out


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: make_corpus.py BUILD_DIR/descent [OUT_DIR]")
    descent = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(here, "..", "..", "tests", "fuzz", "corpus")
    targets = ["idx", "idx_gz", "h5_model", "h5_weights", "architecture", "image", "formula", "experiment",
               "network_csv"]
    for t in targets:
        shutil.rmtree(os.path.join(out, t), ignore_errors=True)
        os.makedirs(os.path.join(out, t))

    # IDX: images (3-D) and labels (1-D), plain and gzip-compressed.
    images = idx([3, 4, 4], [(i * 37) % 256 for i in range(48)])
    labels = idx([3], [0, 1, 2])
    four_d = idx([2, 2, 2, 3], list(range(24)))
    for name, data in [("images-3x4x4", images), ("labels-3", labels), ("four-dims", four_d), ("empty", idx([0, 5, 5], []))]:
        write(os.path.join(out, "idx"), name, data)
        write(os.path.join(out, "idx_gz"), name + ".gz", gzip.compress(data, 9, mtime=0))

    # Images of every format the image-folder loader reads.
    work = tempfile.mkdtemp(prefix="descent-corpus-")
    try:
        folder = os.path.join(work, "images")
        for k, cls in enumerate(["bars", "columns", "diagonal"]):
            for i in range(6):
                px = [min(255, v + 3 * i) for v in pattern(k)]
                write(os.path.join(folder, cls), "%d.png" % i, png(8, 8, px))
        write(os.path.join(out, "image"), "gray-8x8.png", png(8, 8, pattern(2)))
        write(os.path.join(out, "image"), "rgb-5x3.png", png(5, 3, [(i * 17) % 256 for i in range(45)], gray=False))
        write(os.path.join(out, "image"), "gray-6x4.bmp", bmp(6, 4, [(i * 11) % 256 for i in range(24)]))
        convert = shutil.which("convert")
        if convert:  # ImageMagick, for the formats with real compression
            src = os.path.join(work, "src.png")
            write(work, "src.png", png(8, 8, pattern(0)))
            for ext in ["jpg", "gif"]:
                dst = os.path.join(out, "image", "bars-8x8." + ext)
                subprocess.run([convert, src, "-strip", dst], check=True)

        # Architectures: the two layouts Descent reads (InputLayer, or
        # batch_input_shape on the first layer), and every layer kind.
        cnn = {"class_name": "Sequential", "config": {"name": "tiny_cnn", "layers": [
            {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8, 8, 1], "name": "input_1"}},
            {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 2, "kernel_size": [3, 3],
                                                "activation": "relu", "padding": "same"}},
            {"class_name": "BatchNormalization", "config": {"name": "bn"}},
            {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2]}},
            {"class_name": "Flatten", "config": {"name": "flatten"}},
            {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.25}},
            {"class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "softmax"}}]}}
        mlp = {"class_name": "Sequential", "config": {"name": "tiny_mlp", "layers": [
            {"class_name": "Flatten", "config": {"name": "flatten", "batch_input_shape": [None, 8, 8, 1]}},
            {"class_name": "Dense", "config": {"name": "hidden", "units": 4, "activation": "tanh"}},
            {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"}}]}}
        for name, arch in [("cnn", cnn), ("mlp", mlp)]:
            path = os.path.join(work, name + ".json")
            write(work, name + ".json", json.dumps(arch))
            for optimizer in ["adam", "sgd", "rmsprop"]:
                stem = os.path.join(work, "%s-%s" % (name, optimizer))
                extra = ["--momentum", "0.9"] if optimizer == "sgd" else []
                subprocess.run([descent, "train", "--data", folder, "--image-size", "8x8", "--model", path,
                                "--optimizer", optimizer, *extra, "--epochs", "1", "--batch-size", "4", "--quiet",
                                "--save", stem + ".h5", "--save-weights", stem + ".weights.h5",
                                "--save-architecture", stem + ".arch.json"],
                               check=True, stdout=subprocess.DEVNULL)
                shutil.copy(stem + ".h5", os.path.join(out, "h5_model", "%s-%s.h5" % (name, optimizer)))
                if optimizer == "adam":
                    if name == "cnn":  # the weights target loads into this architecture (fuzz_h5_weights.cpp)
                        shutil.copy(stem + ".weights.h5", os.path.join(out, "h5_weights", "cnn.weights.h5"))
                    shutil.copy(stem + ".arch.json", os.path.join(out, "architecture", name + "-saved.json"))
            write(os.path.join(out, "architecture"), name + ".json", json.dumps(arch, indent=1))
    finally:
        shutil.rmtree(work)

    # Formulas: the language's every construct.
    formulas = [
        "sin(x)*cos(y) + 0.1*(x^2+y^2)", "(1-x)^2 + 100*(y-x^2)^2", "x^2 + 10*y^2",
        "exp(-(x^2+y^2)/2) * tanh(x*y) + log(1 + x^2)", "sqrt(x^2 + y^2 + 1) + atan(x - y) + cosh(y/3)",
        "x^y + 1/(1 + y^2)", "abs(x - 0.3) * y^2 + abs(y)",
        "pi*x^3 - e^(y/2) + tan(x/4) + asin(y/4) + acos(x/4) + sinh(x/3)", "pow(x, 4) - 3*x*y + y**2",
        "x\u00b2 \u2212 3\u00b7x\u00b7y\u00b2 + \u03c0", "1e-3*x^2 + 2.5E+2*y^2", "-(2^10)*x + 3/4*y", "1/(x^2+y^2)",
    ]
    for i, f in enumerate(formulas):
        write(os.path.join(out, "formula"), "%02d.txt" % i, f)

    # Experiments, as the lab saves them (lab/model/experiment_io.cpp), with few steps.
    def experiment(scene, runners, step):
        return json.dumps({"format": "descent-experiment", "version": 1, "scene": scene,
                           "view": {"x_min": -3, "x_max": 3, "y_min": -2, "y_max": 4}, "start": [-1.5, 2.0],
                           "step": step, "selected": 0, "runners": runners}, indent=1)
    sgd = {"optimizer": "sgd", "label": "", "color": "#e69f00", "enabled": True,
           "hyper": {"lr": 0.001, "momentum": 0.9}, "changes": [{"step": 5, "key": "lr", "value": 0.0005}]}
    adam = {"optimizer": "adam", "label": "Adam, \"tuned\"", "color": "#56b4e9", "enabled": True,
            "start": [0.5, -0.5], "hyper": {"lr": 0.05}, "changes": []}
    bfgs = {"optimizer": "bfgs", "label": "", "color": "#009e73", "enabled": False, "hyper": {}, "changes": []}
    write(os.path.join(out, "experiment"), "rosenbrock.json",
          experiment({"surface": "rosenbrock", "formula": "", "noise": 0.0, "seed": 1}, [sgd, adam], 12))
    write(os.path.join(out, "experiment"), "formula-noise.json",
          experiment({"surface": "rosenbrock", "formula": "x^2 + 10*y^2", "noise": 0.1, "seed": 7},
                     [sgd, adam, bfgs], 8))
    write(os.path.join(out, "experiment"), "minimal.json",
          experiment({"surface": "rosenbrock"}, [{"optimizer": "sgd"}], 0))

    # A user's points for the network scenes: x1,x2,label rows, with and without a header.
    points = [(-1.0, 0.5, 0), (0.25, -0.75, 1), (1.5, 1.0, 0), (-0.5, -1.25, 1), (2.0, 0.0, 2), (0.0, 2.0, 2)]
    rows = "".join("%g,%g,%d\n" % p for p in points)
    write(os.path.join(out, "network_csv"), "header.csv", "x1,x2,label\n" + rows)
    write(os.path.join(out, "network_csv"), "bare.csv", rows)
    write(os.path.join(out, "network_csv"), "two-classes.csv", "x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n")

    total = sum(os.path.getsize(os.path.join(d, f)) for t in targets
                for d in [os.path.join(out, t)] for f in os.listdir(d))
    print("make_corpus: %d files, %d bytes in %s" % (
        sum(len(os.listdir(os.path.join(out, t))) for t in targets), total, out))


if __name__ == "__main__":
    main()
