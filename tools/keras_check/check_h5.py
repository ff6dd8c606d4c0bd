#!/usr/bin/python3
"""Check a descent-written whole-model .h5 the way Keras' legacy loaders read
it, attribute by attribute: Keras 3's keras/src/legacy/saving/legacy_h5_format.py
(load_model_from_hdf5, load_weights_from_hdf5_group,
load_optimizer_weights_from_hdf5_group) and tf.keras 2.x's
keras/saving/legacy/hdf5_format.py, which read the same things:

  root            model_config: JSON {"class_name", "config": {"layers": [...]}}
                  training_config: JSON; loss a name or {"class_name", "config"};
                  optimizer_config {"class_name", "config"} that Keras'
                  optimizers.deserialize accepts (class name, arguments)
                  keras_version, backend: strings
  model_weights   attrs layer_names (the model's layers, in order), backend,
                  keras_version; per layer a group whose attr weight_names
                  names datasets in it, in the order Keras assigns them
                  (Dense, Conv2D: kernel, bias; BatchNormalization: gamma,
                  beta, moving_mean, moving_variance), float32, in Keras' shapes
  optimizer_weights  attr weight_names, each a dataset (Keras restores them
                  positionally; a mismatch only makes it start the optimizer fresh)

usage: /usr/bin/python3 tools/keras_check/check_h5.py MODEL.h5
Exits 1 with the first problem; 0 with a summary (and notes, e.g. an optimizer
Keras does not have, which Keras then loads only with compile=False).
"""
import json
import re
import sys

import h5py
import numpy as np

# The arguments each Keras optimizer accepts (keras/src/optimizers/*.py), besides the base ones.
BASE_ARGS = {"name", "learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema",
             "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
             "jit_compile", "is_legacy_optimizer"}
OPTIMIZER_ARGS = {
    "adam": {"beta_1", "beta_2", "epsilon", "amsgrad"},
    "adamw": {"beta_1", "beta_2", "epsilon", "amsgrad"},
    "sgd": {"momentum", "nesterov"},
    "rmsprop": {"rho", "momentum", "epsilon", "centered"},
    "adagrad": {"initial_accumulator_value", "epsilon"},
    "adadelta": {"rho", "epsilon"},
    "adamax": {"beta_1", "beta_2", "epsilon"},
    "nadam": {"beta_1", "beta_2", "epsilon"},
}
LOSSES = {"categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "kl_divergence",
          "mean_squared_error", "mean_absolute_error", "huber", "mse", "mae"}
LOSS_CLASSES = {"CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy", "KLDivergence",
                "MeanSquaredError", "MeanAbsoluteError", "Huber"}
# The order in which Keras' layers create (and so assign) their weights.
WEIGHT_ORDER = {"Dense": ["kernel", "bias"], "Conv2D": ["kernel", "bias"],
                "BatchNormalization": ["gamma", "beta", "moving_mean", "moving_variance"]}

notes = []


def fail(msg):
    print("check_h5: " + msg)
    sys.exit(1)


def text(v, what):
    if isinstance(v, bytes):
        return v.decode("utf8")
    if isinstance(v, str):
        return v
    fail("%s is not a string (%r)" % (what, type(v)))


def string_list(attrs, name, where):
    """As load_attributes_from_hdf5_group reads it: a 1-D array of strings."""
    if name not in attrs:
        fail("%s has no attribute %s" % (where, name))
    value = attrs[name]
    if isinstance(value, (str, bytes)):
        fail("%s/%s is one string, not a list" % (where, name))
    return [text(v, "%s/%s entry" % (where, name)) for v in np.asarray(value).reshape(-1)]


def json_attr(f, name):
    if name not in f.attrs:
        fail("root attribute %s is missing" % name)
    try:
        return json.loads(text(f.attrs[name], name))
    except ValueError as e:
        fail("%s is not JSON: %s" % (name, e))


def check_version(attrs, where):
    for key in ("keras_version", "backend"):
        if key not in attrs:
            fail("%s has no attribute %s" % (where, key))
        text(attrs[key], "%s/%s" % (where, key))
    v = text(attrs["keras_version"], "keras_version")
    if not re.match(r"^[23]\.\d+", v):
        fail("%s keras_version %r is not a Keras 2 or 3 version" % (where, v))


def check_training(training):
    for key in ("loss", "optimizer_config"):
        if key not in training:
            fail("training_config has no %s" % key)
    loss = training["loss"]
    if isinstance(loss, str):
        if loss not in LOSSES:
            fail("loss %r is not a name Keras knows" % loss)
    elif isinstance(loss, dict):
        if loss.get("class_name") not in LOSS_CLASSES or not isinstance(loss.get("config"), dict):
            fail("loss %r is not a Keras loss object" % loss)
    else:
        fail("loss is neither a name nor an object")
    oc = training["optimizer_config"]
    if not isinstance(oc, dict) or not isinstance(oc.get("class_name"), str) or not isinstance(oc.get("config"),
                                                                                                 dict):
        fail("optimizer_config is not {\"class_name\": …, \"config\": {…}}")
    cls = oc["class_name"].lower()
    if cls not in OPTIMIZER_ARGS:
        notes.append("optimizer %s is not Keras': Keras loads this model only with compile=False" % oc["class_name"])
        return oc["class_name"]
    unknown = set(oc["config"]) - BASE_ARGS - OPTIMIZER_ARGS[cls]
    if unknown:
        fail("optimizer %s has arguments Keras' %s does not take: %s" % (oc["class_name"], cls, sorted(unknown)))
    if "lr" in oc["config"]:
        fail("optimizer uses 'lr', which Keras 3 refuses")
    for k, v in oc["config"].items():
        if k != "name" and v is not None and not isinstance(v, (int, float, bool)):
            fail("optimizer argument %s is %r, not a number" % (k, v))
    return oc["class_name"]


def check_weights(f, layers):
    mw = f["model_weights"] if "model_weights" in f else fail("model_weights is missing")
    check_version(mw.attrs, "model_weights")
    names = string_list(mw.attrs, "layer_names", "model_weights")
    expected = [l["config"]["name"] for l in layers if l["class_name"] != "InputLayer"]
    if names != expected:
        fail("layer_names %s are not model_config's layers %s" % (names, expected))
    total = 0
    for layer in layers:
        if layer["class_name"] == "InputLayer":
            continue
        c, cls = layer["config"], layer["class_name"]
        if c["name"] not in mw:
            fail("model_weights has no group for layer %s" % c["name"])
        g = mw[c["name"]]
        wn = string_list(g.attrs, "weight_names", "model_weights/" + c["name"])
        bases = [n.split("/")[-1].split(":")[0] for n in wn]
        order = WEIGHT_ORDER.get(cls, [])
        if cls == "BatchNormalization":
            order = ([b for b in ("gamma",) if c.get("scale", True)] + [b for b in ("beta",) if c.get("center", True)]
                     + ["moving_mean", "moving_variance"])
        if cls in ("Dense", "Conv2D") and not c.get("use_bias", True):
            order = ["kernel"]
        if bases != order:
            fail("layer %s's weight_names %s are not Keras' order %s" % (c["name"], wn, order))
        for n in wn:
            if n not in g or not isinstance(g[n], h5py.Dataset):
                fail("layer %s's weight %s is not a dataset in its group" % (c["name"], n))
            if g[n].dtype != np.float32:
                fail("%s is %s, not float32" % (n, g[n].dtype))
            total += g[n].size
        shapes = {b: g[n].shape for b, n in zip(bases, wn)}
        if cls == "Dense":
            k = shapes["kernel"]
            if len(k) != 2 or k[1] != c["units"]:
                fail("%s kernel has shape %s, Keras builds (input, %d)" % (c["name"], k, c["units"]))
            if "bias" in shapes and shapes["bias"] != (c["units"],):
                fail("%s bias has shape %s" % (c["name"], shapes["bias"]))
        elif cls == "Conv2D":
            k = shapes["kernel"]
            if len(k) != 4 or list(k[:2]) != list(c["kernel_size"]) or k[3] != c["filters"]:
                fail("%s kernel has shape %s, Keras builds (kh, kw, C, %d)" % (c["name"], k, c["filters"]))
            if "bias" in shapes and shapes["bias"] != (c["filters"],):
                fail("%s bias has shape %s" % (c["name"], shapes["bias"]))
        elif cls == "BatchNormalization":
            if len({s for s in shapes.values()}) != 1 or len(next(iter(shapes.values()))) != 1:
                fail("%s's tensors are not one vector shape: %s" % (c["name"], shapes))
        elif wn:
            fail("layer %s (%s) has weights this check does not know" % (c["name"], cls))
    return names, total


def check_optimizer_weights(f):
    if "optimizer_weights" not in f:
        notes.append("no optimizer_weights: Keras starts the optimizer fresh")
        return 0
    ow = f["optimizer_weights"]
    names = string_list(ow.attrs, "weight_names", "optimizer_weights")
    for n in names:
        if n not in ow or not isinstance(ow[n], h5py.Dataset):
            fail("optimizer_weights names %s, which is not a dataset there" % n)
        ow[n][()]
    return len(names)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    try:
        f = h5py.File(sys.argv[1], "r")
    except OSError as e:
        fail("cannot open %s: %s" % (sys.argv[1], e))
    with f:
        config = json_attr(f, "model_config")
        if not isinstance(config, dict) or config.get("class_name") not in ("Sequential", "Functional", "Model"):
            fail("model_config is not a Keras model")
        layers = config.get("config", {}).get("layers")
        if not isinstance(layers, list) or not layers:
            fail("model_config has no layers")
        for l in layers:
            if not isinstance(l, dict) or "class_name" not in l or not isinstance(l.get("config"), dict) or \
                    "name" not in l["config"]:
                fail("a layer in model_config is not {\"class_name\", \"config\": {\"name\", …}}")
        check_version(f.attrs, "the root")
        optimizer = check_training(json_attr(f, "training_config"))
        names, total = check_weights(f, layers)
        n_opt = check_optimizer_weights(f)
    for n in notes:
        print("check_h5: note: " + n)
    print("check_h5: ok: %d layers, %d weights, optimizer %s with %d state tensors" % (len(names), total, optimizer,
                                                                                     n_opt))


if __name__ == "__main__":
    main()
