"""Whole-model .h5 fixtures with Keras' optimizer state, in the layouts each
Keras writes (called by make_training_fixtures.py).

Layout facts, from Keras' source and the files Keras itself wrote:
  root attrs      model_config, training_config (JSON), keras_version, backend
  model_weights   attrs layer_names, backend, keras_version; per layer a group
                  with attr weight_names and the datasets those names give:
                  Keras 2 "<layer>/kernel:0", Keras 3 "<model>/<layer>/kernel"
  optimizer_weights  attr weight_names, one dataset per name:
    Keras 3         adam/iteration (int64), adam/learning_rate, then per weight
                    adam/<model>_<layer>_<weight>_momentum and _velocity
    tf.keras 2.11+  iteration:0, then per weight Adam/m/<layer>/<weight>:0, Adam/v/…
    tf.keras ≤ 2.10 Adam/iter:0, all Adam/<layer>/<weight>/m:0, then all …/v:0
    keras 2.0–2.3   Adam/iterations:0, then training/Adam/Variable, Variable_1, …:
                    all m, all v, then v̂ (shape (1,) unless amsgrad)
The model_config is written the way descent's loader reads today (Keras 2's
Sequential form) in every file: what these fixtures test is the training side.
The model: Conv2D(2, 3×3, relu) on 4×4×1 → Flatten → Dense(3).
"""
import json
import os

import h5py
import numpy as np

f32 = np.float32


def model_config(dense_activation):
    glorot = {"class_name": "GlorotUniform", "config": {"seed": None}}
    zeros = {"class_name": "Zeros", "config": {}}
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "Conv2D", "config": {
            "name": "conv2d", "trainable": True, "batch_input_shape": [None, 4, 4, 1], "dtype": "float32",
            "filters": 2, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
            "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "relu", "use_bias": True,
            "kernel_initializer": glorot, "bias_initializer": zeros, "kernel_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None}},
        {"class_name": "Flatten", "config": {"name": "flatten", "trainable": True, "dtype": "float32",
                                             "data_format": "channels_last"}},
        {"class_name": "Dense", "config": {
            "name": "dense", "trainable": True, "dtype": "float32", "units": 3, "activation": dense_activation,
            "use_bias": True, "kernel_initializer": glorot, "bias_initializer": zeros, "kernel_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None}}]}}


# (layer, weight, shape) in the model's order of trainable weights.
WEIGHTS = [("conv2d", "kernel", (3, 3, 1, 2)), ("conv2d", "bias", (2,)), ("dense", "kernel", (8, 3)),
           ("dense", "bias", (3,))]


def keras3_loss(from_logits):
    return {"module": "keras.losses", "class_name": "SparseCategoricalCrossentropy",
            "config": {"name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size",
                       "from_logits": from_logits, "ignore_class": None}, "registered_name": None}


def k3_optimizer(name, **config):
    base = {"name": name.lower(), "learning_rate": 0.01, "weight_decay": None, "clipnorm": None,
            "global_clipnorm": None, "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
            "ema_overwrite_frequency": None, "loss_scale_factor": None, "gradient_accumulation_steps": None,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07}
    base.update(config)
    return {"module": "keras.optimizers", "class_name": name, "config": base, "registered_name": None}


def names_attr(names):
    return np.array([n.encode("utf8") for n in names])


def write(path, version, training, weights, slots, keras3, dense_activation="softmax", optimizer=None):
    """slots: {"m": {(layer, weight): array}, …} in Keras' slot names; optimizer: list of (name, value)."""
    tmp = path + ".tmp"
    with h5py.File(tmp, "w") as f:
        f.attrs["keras_version"] = version.encode("utf8")
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config(dense_activation)).encode("utf8")
        f.attrs["training_config"] = json.dumps(training).encode("utf8")
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = names_attr(["conv2d", "flatten", "dense"])
        mw.attrs["backend"] = b"tensorflow"
        mw.attrs["keras_version"] = version.encode("utf8")
        for layer in ("conv2d", "dense", "flatten"):
            g = mw.create_group(layer)
            names = []
            for (ln, wn, _) in WEIGHTS:
                if ln != layer:
                    continue
                name = "sequential/%s/%s" % (ln, wn) if keras3 else "%s/%s:0" % (ln, wn)
                g.create_dataset(name, data=weights[(ln, wn)])
                names.append(name)
            g.attrs["weight_names"] = names_attr(names) if names else np.array([], dtype="S1")
        if optimizer is not None:
            ow = f.create_group("optimizer_weights")
            ow.attrs["weight_names"] = names_attr([n for n, _ in optimizer])
            for n, v in optimizer:
                ow.create_dataset(n, data=v)
    os.replace(tmp, path)


def main(out):
    rng = np.random.default_rng(5)
    weights = {(ln, wn): rng.normal(0, 0.4, shape).astype(f32) for ln, wn, shape in WEIGHTS}
    m = {(ln, wn): rng.normal(0, 0.05, shape).astype(f32) for ln, wn, shape in WEIGHTS}
    v = {(ln, wn): rng.uniform(1e-4, 4e-3, shape).astype(f32) for ln, wn, shape in WEIGHTS}
    keys = [(ln, wn) for ln, wn, _ in WEIGHTS]

    # Keras 3: adam/iteration, adam/learning_rate, then momentum and velocity per weight.
    opt = [("adam/iteration", np.int64(7)), ("adam/learning_rate", f32(0.01))]
    for ln, wn in keys:
        opt += [("adam/sequential_%s_%s_momentum" % (ln, wn), m[(ln, wn)]),
                ("adam/sequential_%s_%s_velocity" % (ln, wn), v[(ln, wn)])]
    training = {"loss": keras3_loss(False), "loss_weights": None, "metrics": ["accuracy"], "weighted_metrics": None,
                "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False,
                "optimizer_config": k3_optimizer("Adam")}
    write(os.path.join(out, "keras3_adam.h5"), "3.5.0", training, weights, None, True, optimizer=opt)

    # Keras 3 AdamW: the same slots under adamw/.
    opt_w = [(n.replace("adam/", "adamw/"), val) for n, val in opt]
    training_w = dict(training, optimizer_config=k3_optimizer("AdamW", weight_decay=0.004))
    write(os.path.join(out, "keras3_adamw.h5"), "3.11.3", training_w, weights, None, True, optimizer=opt_w)

    # Keras 3 Nadam: descent does not read its state; the file says how it is spelled.
    opt_n = [("nadam/iteration", np.int64(7)), ("nadam/learning_rate", f32(0.01))]
    for ln, wn in keys:
        opt_n += [("nadam/sequential_%s_%s_momentum" % (ln, wn), m[(ln, wn)]),
                  ("nadam/sequential_%s_%s_velocity" % (ln, wn), v[(ln, wn)])]
    training_n = dict(training, optimizer_config=k3_optimizer("Nadam"))
    write(os.path.join(out, "keras3_nadam.h5"), "3.5.0", training_n, weights, None, True, optimizer=opt_n)

    # tf.keras 2.14: Custom>Adam, iteration:0, Adam/m/<layer>/<weight>:0 and Adam/v/… per weight.
    opt = [("iteration:0", np.int64(7))]
    for ln, wn in keys:
        opt += [("Adam/m/%s/%s:0" % (ln, wn), m[(ln, wn)]), ("Adam/v/%s/%s:0" % (ln, wn), v[(ln, wn)])]
    oc = k3_optimizer("Adam")
    oc = {"class_name": "Custom>Adam", "config": dict(oc["config"], name="Adam", is_legacy_optimizer=False,
                                                      jit_compile=False)}
    for k in ("loss_scale_factor", "gradient_accumulation_steps"):
        del oc["config"][k]
    loss = {"class_name": "SparseCategoricalCrossentropy",
            "config": {"reduction": "auto", "name": "sparse_categorical_crossentropy", "from_logits": True,
                       "ignore_class": None, "fn": "sparse_categorical_crossentropy"}}
    training = {"loss": loss, "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy"}}]],
                "weighted_metrics": None, "loss_weights": None, "optimizer_config": oc}
    write(os.path.join(out, "keras214_adam.h5"), "2.14.0", training, weights, None, False, "linear", optimizer=opt)

    # tf.keras 2.3: Adam/iter:0, all Adam/<layer>/<weight>/m:0, then all …/v:0.
    opt = [("Adam/iter:0", np.int64(7))]
    opt += [("Adam/%s/%s/m:0" % k, m[k]) for k in keys]
    opt += [("Adam/%s/%s/v:0" % k, v[k]) for k in keys]
    oc = {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.01, "decay": 0.0, "beta_1": 0.9,
                                           "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}}
    training = {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": None,
                "loss_weights": None, "sample_weight_mode": None, "optimizer_config": oc}
    write(os.path.join(out, "keras23tf_adam.h5"), "2.3.0-tf", training, weights, None, False, optimizer=opt)

    # keras 2.2.4: Adam/iterations:0, training/Adam/Variable…: all m, all v, v̂ placeholders.
    opt = [("Adam/iterations:0", np.int64(7))]
    slots = [m[k] for k in keys] + [v[k] for k in keys] + [np.zeros((1,), f32) for _ in keys]
    for i, val in enumerate(slots):
        opt.append(("training/Adam/Variable%s:0" % ("" if i == 0 else "_%d" % i), val))
    oc = {"class_name": "Adam", "config": {"lr": 0.01, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0,
                                           "epsilon": 1e-07, "amsgrad": False}}
    training = {"optimizer_config": oc, "loss": "categorical_crossentropy", "metrics": ["accuracy"],
                "sample_weight_mode": None, "loss_weights": None}
    write(os.path.join(out, "keras224_adam.h5"), "2.2.4", training, weights, None, False, optimizer=opt)

    # tf.keras 2.2, saved without its optimizer's state.
    oc = {"class_name": "RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.001, "decay": 0.0, "rho": 0.9,
                                              "momentum": 0.0, "epsilon": 1e-07, "centered": False}}
    training = {"loss": "mse", "metrics": ["accuracy"], "weighted_metrics": None, "loss_weights": None,
                "sample_weight_mode": None, "optimizer_config": oc}
    write(os.path.join(out, "keras22tf_no_state.h5"), "2.2.4-tf", training, weights, None, False)
