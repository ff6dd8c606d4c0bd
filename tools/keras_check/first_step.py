#!/usr/bin/python3
"""Check descent's first training step after it loaded a Keras file's Adam
state, from that file's own contents.

usage: /usr/bin/python3 tools/keras_check/first_step.py KERAS.h5 STEPPED_WEIGHTS.h5

STEPPED_WEIGHTS.h5 holds the weights descent had after one step on the
gradient g = 0.1·w + 0.01 (element-wise, so that no layout is assumed).
This script finds each trainable weight's m and v in KERAS.h5 by the names
Keras gives them (Keras 3, tf.keras 2.11+, tf.keras ≤ 2.10, keras 2.0–2.3),
takes Keras' step count, computes Keras' Adam/AdamW step in NumPy
(tools/keras/keras_rules.py) and compares it with the stepped weights.
Exits 1 naming the first weight that differs by more than 1e-6 (relative).
"""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "keras"))
import keras_rules  # noqa: E402


def text(v):
    return v.decode("utf8") if isinstance(v, bytes) else str(v)


def fail(msg):
    print("first_step: " + msg)
    sys.exit(1)


def trainable_weights(f):
    """(layer, weight, array) in the model's order, moving statistics left out."""
    mw = f["model_weights"]
    out = []
    for layer in [text(n) for n in mw.attrs["layer_names"]]:
        g = mw[layer]
        for wn in [text(n) for n in g.attrs.get("weight_names", [])]:
            base = wn.split("/")[-1].split(":")[0]
            if base.startswith("moving_"):
                continue
            out.append((layer, base, np.array(g[wn], dtype=np.float32)))
    return out


def main():
    keras_path, stepped_path = sys.argv[1], sys.argv[2]
    with h5py.File(keras_path, "r") as f:
        version = text(f.attrs.get("keras_version", ""))
        oc = json.loads(text(f.attrs["training_config"]))["optimizer_config"]
        cls = oc["class_name"].split(">")[-1].split(".")[-1]
        if cls not in ("Adam", "AdamW"):
            fail("only Adam and AdamW are checked, not " + cls)
        ow = f["optimizer_weights"]
        names = [text(n) for n in ow.attrs["weight_names"]]
        steps = [n for n in names if n.split("/")[-1].split(":")[0] in ("iteration", "iter", "iterations")]
        t = int(np.array(ow[steps[0]])) + 1
        weights = trainable_weights(f)
        numbered = [n for n in names if "/Variable" in n]

        def slot(i, layer, weight, k3, tf):
            if numbered:  # keras 2.0–2.3: all m, then all v
                return np.array(ow[numbered[i + (0 if tf == "m" else len(weights))]], dtype=np.float32)
            for n in names:
                if (n.endswith("_%s_%s_%s" % (layer, weight, k3)) or n.endswith("/%s/%s/%s:0" % (tf, layer, weight))
                        or n.endswith("/%s/%s/%s:0" % (layer, weight, tf))):
                    return np.array(ow[n], dtype=np.float32)
            fail("no %s for %s/%s" % (tf, layer, weight))

        rules = "keras3" if version.startswith("3") else "v2"
        step = keras_rules.adam(oc["config"], rules)
        expected = {}
        for i, (layer, weight, w) in enumerate(weights):
            state = {"m": slot(i, layer, weight, "momentum", "m").copy(),
                     "v": slot(i, layer, weight, "velocity", "v").copy()}
            g = (np.float32(0.1) * w + np.float32(0.01)).astype(np.float32)
            expected[(layer, weight)] = step(w, g, state, t)
    with h5py.File(stepped_path, "r") as f:
        got = {(layer, weight): w for layer, weight, w in trainable_weights({"model_weights": f})
               } if "model_weights" not in f else {(l, w): a for l, w, a in trainable_weights(f)}
    for key, want in expected.items():
        if key not in got:
            fail("the stepped weights have no %s/%s" % key)
        err = np.max(np.abs(got[key] - want) / np.maximum(1.0, np.abs(want)))
        if err > 1e-6:
            fail("%s/%s differs from Keras' step by %g (relative)" % (key[0], key[1], err))
    print("first_step: %d weights match Keras' step %d" % (len(expected), t))


if __name__ == "__main__":
    main()
