#!/usr/bin/python3
"""Check that a model saved by `descent train --save` (nn::save_model) has
Keras' .h5 layout as h5py users expect it. Prints what it found; exits 1
with the reason on the first mismatch.

usage: /usr/bin/python3 tools/nn/check_h5.py MODEL.h5
"""
import json
import sys

import h5py


def fail(msg):
    print("check_h5: " + msg)
    sys.exit(1)


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def main():
    path = sys.argv[1]
    with h5py.File(path, "r") as f:
        for key in ("model_config", "training_config", "keras_version", "backend"):
            if key not in f.attrs:
                fail("root attribute %s is missing" % key)
        config = json.loads(text(f.attrs["model_config"]))
        if config.get("class_name") != "Sequential":
            fail("model_config is not a Sequential model")
        layers = config["config"]["layers"]
        training = json.loads(text(f.attrs["training_config"]))
        if "loss" not in training or "optimizer_config" not in training:
            fail("training_config lacks loss or optimizer_config")
        weights = f["model_weights"]
        names = [text(n) for n in weights.attrs["layer_names"]]
        if names != [l["config"]["name"] for l in layers if l["class_name"] != "InputLayer"]:
            fail("layer_names %s do not follow model_config" % names)
        total = 0
        for layer in layers:
            if layer["class_name"] == "InputLayer":
                continue
            c = layer["config"]
            g = weights[c["name"]]
            wn = [text(n) for n in g.attrs["weight_names"]]
            for n in wn:
                total += g[n].size
            if layer["class_name"] == "Conv2D":
                k = g[c["name"] + "/kernel:0"]
                if k.shape[:2] != tuple(c["kernel_size"]) or k.shape[3] != c["filters"]:
                    fail("%s kernel has shape %s, expected (kh, kw, C, F)" % (c["name"], k.shape))
            if layer["class_name"] == "Dense":
                k = g[c["name"] + "/kernel:0"]
                if k.shape[1] != c["units"]:
                    fail("%s kernel has shape %s, expected (C, F)" % (c["name"], k.shape))
        if "optimizer_weights" not in f:
            fail("optimizer_weights is missing")
        opt = [text(n) for n in f["optimizer_weights"].attrs["weight_names"]]
        if not opt:
            fail("optimizer_weights names nothing")
        for n in opt:
            f["optimizer_weights"][n][()]
        print("ok: %d layers, %d weights, loss %s, optimizer %s with %d state entries" % (
            len(names), total, training["loss"], training["optimizer_config"]["class_name"], len(opt)))


if __name__ == "__main__":
    main()
