#!/usr/bin/python3
"""Keras-layout fixtures for the layouts the shared real files lack, and the
forward pass NumPy computes for each.

Each fixture is a small .h5 written with h5py in the layout Keras' legacy
HDF5 saver writes (Keras 2: keras/saving/legacy/hdf5_format.py in tf-keras;
Keras 3: keras/src/legacy/saving/legacy_h5_format.py), from these facts:

  - root attributes keras_version, backend, model_config (the model's JSON)
    and training_config; whole-model weights in /model_weights, whose
    attribute layer_names lists every layer, one group per layer;
  - each layer group's attribute weight_names lists its weights in order
    (trainable first: kernel, bias; BatchNormalization's gamma, beta, then
    moving_mean, moving_variance), and each name is the dataset's path
    inside the group: Keras 2 "dense/kernel:0", Keras 3
    "<model name>/<layer>/kernel";
  - Keras 3 serializes every object as {"module", "class_name", "config",
    "registered_name"}, dtypes as a DTypePolicy object, an input as
    InputLayer's batch_shape, and a functional model's calls as inbound_nodes
    of {"args": [__keras_tensor__ with keras_history], "kwargs"};
  - a weights-only file (save_weights to .h5) holds the layer groups at the
    root, with layer_names there.

Next to each NAME.h5 goes NAME.json: {"input": [...], "output": [...],
"batch": B} — a batch of inputs (in the model's input layout, NHWC) and the
outputs NumPy's forward pass gives, in float64. A weights-only fixture also
gets NAME.model.json, the architecture its weights fit.
hostile_*.h5 are files the loader must refuse with one line.

usage: /usr/bin/python3 tools/keras/make_fixtures.py tests/data/keras
"""
import json
import os
import sys

import h5py
import numpy as np

RNG = np.random.default_rng(20240611)


def weights(*shape, scale=0.5):
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


# [SECTION] Keras 3 serialization ---------------------------------------------


def policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def initializer(name):
    return {"module": "keras.initializers", "class_name": name, "config": {"seed": None}, "registered_name": None}


def k3_layer(cls, name, **config):
    config = {"name": name, "trainable": True, "dtype": policy(), **config}
    return {"module": "keras.layers", "class_name": cls, "config": config, "registered_name": None}


def k3_tensor(source, shape):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": shape, "dtype": "float32", "keras_history": [source, 0, 0]}}


def k3_input(shape):
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": [None, *shape], "dtype": "float32", "sparse": False, "name": "input_layer"},
            "registered_name": None}


def conv_config(filters, kernel, padding, activation):
    return dict(filters=filters, kernel_size=[kernel, kernel], strides=[1, 1], padding=padding,
                data_format="channels_last", dilation_rate=[1, 1], groups=1, activation=activation, use_bias=True,
                kernel_initializer=initializer("GlorotUniform"), bias_initializer=initializer("Zeros"),
                kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                bias_constraint=None)


def dense_config(units, activation):
    return dict(units=units, activation=activation, use_bias=True, kernel_initializer=initializer("GlorotUniform"),
                bias_initializer=initializer("Zeros"), kernel_regularizer=None, bias_regularizer=None,
                kernel_constraint=None, bias_constraint=None)


# [SECTION] NumPy forward pass ------------------------------------------------


def conv2d(x, kernel, bias, padding):
    """x (B, H, W, C), kernel (kh, kw, C, F); TensorFlow's 'same' puts the
    smaller half of the padding before."""
    kh, kw = kernel.shape[:2]
    if padding == "same":
        ph, pw = kh - 1, kw - 1
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    b, h, w, _ = x.shape
    ho, wo = h - kh + 1, w - kw + 1
    y = np.zeros((b, ho, wo, kernel.shape[3]))
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("bhwc,cf->bhwf", x[:, i:i + ho, j:j + wo, :], kernel[i, j])
    return y + bias


def act(name, z):
    if name == "relu":
        return np.maximum(z, 0)
    if name == "tanh":
        return np.tanh(z)
    if name == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    assert name == "linear"
    return z


# [SECTION] writing ------------------------------------------------------------


def string_list(values):
    return np.array([v.encode("utf8") for v in values])


def write_layer_groups(root, layer_names, tensors):
    """tensors: {layer: [(weight name, array), …]} in Keras' order."""
    root.attrs["layer_names"] = string_list(layer_names)
    for name in layer_names:
        g = root.create_group(name)
        names = []
        for wn, value in tensors.get(name, []):
            g.create_dataset(wn, data=value, track_times=False)
            names.append(wn)
        g.attrs["weight_names"] = string_list(names)


def write_model(path, keras_version, model_config, layer_names, tensors, training_config=None):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config)
        g = f.create_group("model_weights")
        g.attrs["keras_version"] = keras_version
        g.attrs["backend"] = "tensorflow"
        write_layer_groups(g, layer_names, tensors)


def write_expected(path, x, y):
    with open(path, "w") as out:
        json.dump({"batch": int(x.shape[0]), "input": [float(v) for v in x.ravel()],
                   "output": [float(v) for v in y.ravel()]}, out)
        out.write("\n")


KERAS3_TRAINING = {"loss": "sparse_categorical_crossentropy", "loss_weights": None, "metrics": ["accuracy"],
                   "weighted_metrics": None, "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False,
                   "optimizer_config": {"class_name": "Adam",
                                        "config": {"name": "adam", "learning_rate": 0.001, "beta_1": 0.9,
                                                   "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}}}


# [SECTION] the fixtures -------------------------------------------------------


def keras3_functional(folder):
    """Keras 3 functional chain: Input (8, 8, 1) → Rescaling → Conv2D(4, 3×3,
    valid) → LeakyReLU(0.1) → GlobalAveragePooling2D → Dense(3) → Softmax."""
    k, kb = weights(3, 3, 1, 4), weights(4)
    d, db = weights(4, 3), weights(3)
    specs = [
        (k3_layer("Rescaling", "rescaling", scale=0.5, offset=-0.25), [None, 8, 8, 1]),
        (k3_layer("Conv2D", "conv2d", **conv_config(4, 3, "valid", "linear")), [None, 8, 8, 1]),
        (k3_layer("LeakyReLU", "leaky_re_lu", negative_slope=0.1), [None, 6, 6, 4]),
        (k3_layer("GlobalAveragePooling2D", "global_average_pooling2d", data_format="channels_last",
                  keepdims=False), [None, 6, 6, 4]),
        (k3_layer("Dense", "dense", **dense_config(3, "linear")), [None, 4]),
        (k3_layer("Softmax", "softmax", axis=-1), [None, 3]),
    ]
    layers = [dict(k3_input([8, 8, 1]), name="input_layer", inbound_nodes=[])]
    previous = "input_layer"
    for layer, in_shape in specs:
        name = layer["config"]["name"]
        layers.append(dict(layer, build_config={"input_shape": in_shape}, name=name,
                           inbound_nodes=[{"args": [k3_tensor(previous, in_shape)], "kwargs": {}}]))
        previous = name
    config = {"module": "keras.src.models.functional", "class_name": "Functional",
              "config": {"name": "functional", "trainable": True, "layers": layers,
                         "input_layers": [["input_layer", 0, 0]], "output_layers": [["softmax", 0, 0]]},
              "registered_name": "Functional", "build_config": {"input_shape": None}}
    tensors = {"conv2d": [("functional/conv2d/kernel", k), ("functional/conv2d/bias", kb)],
               "dense": [("functional/dense/kernel", d), ("functional/dense/bias", db)]}
    names = [l["config"]["name"] for l, _ in specs]
    write_model(os.path.join(folder, "keras3_functional.h5"), "3.5.0", config, names, tensors, KERAS3_TRAINING)
    x = np.round(RNG.uniform(0, 1, (3, 8, 8, 1)), 6)
    z = conv2d(x * 0.5 - 0.25, k.astype(np.float64), kb, "valid")
    z = np.where(z > 0, z, 0.1 * z).mean(axis=(1, 2)) @ d + db
    write_expected(os.path.join(folder, "keras3_functional.json"), x, act("softmax", z))


def keras3_reshape(folder):
    """Keras 3 Sequential on flat input (36): Reshape((6, 6, 1)) → Conv2D(2,
    3×3, same, relu) → Flatten → Dense(5, tanh) → Dense(3) → ReLU."""
    k, kb = weights(3, 3, 1, 2), weights(2)
    d1, d1b = weights(72, 5, scale=0.2), weights(5)
    d2, d2b = weights(5, 3), weights(3)
    layers = [
        k3_input([36]),
        k3_layer("Reshape", "reshape", target_shape=[6, 6, 1]),
        k3_layer("Conv2D", "conv2d", **conv_config(2, 3, "same", "relu")),
        k3_layer("Flatten", "flatten", data_format="channels_last"),
        k3_layer("Dense", "dense", **dense_config(5, "tanh")),
        k3_layer("Dense", "dense_1", **dense_config(3, "linear")),
        k3_layer("ReLU", "re_lu", max_value=None, negative_slope=0.0, threshold=0.0),
    ]
    config = {"module": "keras", "class_name": "Sequential",
              "config": {"name": "sequential", "trainable": True, "dtype": policy(), "layers": layers,
                         "build_input_shape": [None, 36]},
              "registered_name": None, "build_config": {"input_shape": [None, 36]}}
    tensors = {"conv2d": [("sequential/conv2d/kernel", k), ("sequential/conv2d/bias", kb)],
               "dense": [("sequential/dense/kernel", d1), ("sequential/dense/bias", d1b)],
               "dense_1": [("sequential/dense_1/kernel", d2), ("sequential/dense_1/bias", d2b)]}
    names = [l["config"]["name"] for l in layers[1:]]
    write_model(os.path.join(folder, "keras3_reshape.h5"), "3.11.3", config, names, tensors, KERAS3_TRAINING)
    x = np.round(RNG.uniform(-1, 1, (4, 36)), 6)
    z = act("relu", conv2d(x.reshape(4, 6, 6, 1), k.astype(np.float64), kb, "same"))
    z = act("tanh", z.reshape(4, -1) @ d1 + d1b) @ d2 + d2b
    write_expected(os.path.join(folder, "keras3_reshape.json"), x, np.maximum(z, 0))


def keras2_weights_only(folder):
    """Keras 2 save_weights: layer groups at the root, names "dense/kernel:0".
    Dense(5) → BatchNormalization → Activation(relu) → Dense(3, softmax) on (6)."""
    d1, d1b = weights(6, 5), weights(5)
    gamma, beta = 1 + weights(5, scale=0.1), weights(5, scale=0.1)
    mean, var = weights(5, scale=0.3), (0.5 + RNG.uniform(0, 1, 5)).astype(np.float32)
    d2, d2b = weights(5, 3), weights(3)
    layers = [
        {"class_name": "Dense", "config": {"name": "dense_1", "trainable": True, "batch_input_shape": [None, 6],
                                           "dtype": "float32", "units": 5, "activation": "linear",
                                           "use_bias": True}},
        {"class_name": "BatchNormalization", "config": {"name": "batch_normalization_1", "trainable": True,
                                                        "axis": -1, "momentum": 0.99, "epsilon": 0.001,
                                                        "center": True, "scale": True}},
        {"class_name": "Activation", "config": {"name": "activation_1", "trainable": True, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "dense_2", "trainable": True, "units": 3,
                                           "activation": "softmax", "use_bias": True}},
    ]
    config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers},
              "keras_version": "2.2.4", "backend": "tensorflow"}
    tensors = {"dense_1": [("dense_1/kernel:0", d1), ("dense_1/bias:0", d1b)],
               "batch_normalization_1": [("batch_normalization_1/gamma:0", gamma),
                                         ("batch_normalization_1/beta:0", beta),
                                         ("batch_normalization_1/moving_mean:0", mean),
                                         ("batch_normalization_1/moving_variance:0", var)],
               "dense_2": [("dense_2/kernel:0", d2), ("dense_2/bias:0", d2b)]}
    names = [l["config"]["name"] for l in layers]
    with h5py.File(os.path.join(folder, "keras2_weights_only.h5"), "w") as f:
        f.attrs["keras_version"] = "2.2.4"
        f.attrs["backend"] = "tensorflow"
        write_layer_groups(f, names, tensors)
    with open(os.path.join(folder, "keras2_weights_only.model.json"), "w") as out:
        json.dump(config, out, indent=1)
        out.write("\n")
    x = np.round(RNG.uniform(-1, 1, (4, 6)), 6)
    z = x @ d1 + d1b
    z = (z - mean) / np.sqrt(var.astype(np.float64) + 0.001) * gamma + beta
    write_expected(os.path.join(folder, "keras2_weights_only.json"), x, act("softmax", np.maximum(z, 0) @ d2 + d2b))


def hostile_missing_weight(folder):
    """weight_names names a dataset the layer group does not hold."""
    layers = [k3_input([4]), k3_layer("Dense", "dense", **dense_config(2, "linear"))]
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
    with h5py.File(os.path.join(folder, "hostile_missing_weight.h5"), "w") as f:
        f.attrs["keras_version"] = "3.5.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = string_list(["dense"])
        d = g.create_group("dense")
        d.create_dataset("sequential/dense/kernel", data=weights(4, 2), track_times=False)
        d.attrs["weight_names"] = string_list(["sequential/dense/kernel", "sequential/dense/bias"])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    keras3_functional(folder)
    keras3_reshape(folder)
    keras2_weights_only(folder)
    hostile_missing_weight(folder)


if __name__ == "__main__":
    main()
