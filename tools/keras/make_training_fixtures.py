#!/usr/bin/python3
"""Golden data and .h5 fixtures for reading Keras' training configurations.

  tests/data/keras_training/optimizer_steps.json
      For each Keras optimizer spelling (Keras 2.1 to 3), θ after each of four
      steps on fixed gradients, by Keras' update rule in NumPy (keras_rules.py).
  tests/data/keras_training/*.h5
      Small whole-model files in the layouts Keras writes (layout facts from
      Keras' legacy_h5_format.py / hdf5_format.py and its optimizers'
      variable names): Keras 3, tf.keras 2.11+, tf.keras 2.x and keras 2.2
      Adam state; Keras 3 AdamW and Nadam; a file with no optimizer state.

Run with the system Python (numpy, h5py): /usr/bin/python3 tools/keras/make_training_fixtures.py
"""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_rules  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "data", "keras_training")
f32 = np.float32

K3_BASE = {"weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
           "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
           "gradient_accumulation_steps": None}


def k3(name, **config):
    return {"module": "keras.optimizers", "class_name": name,
            "config": dict(K3_BASE, name=name.lower(), **config), "registered_name": None}


# (label, keras_version, optimizer_config as Keras wrote it, rules)
CASES = [
    ("keras3 Adam", "3.5.0", k3("Adam", learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False),
     "keras3"),
    ("keras3 Adam amsgrad", "3.10.0",
     k3("Adam", learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-3, amsgrad=True), "keras3"),
    ("keras3 Adam weight_decay", "3.5.0",
     k3("Adam", learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False), "keras3"),
    ("keras3 AdamW", "3.11.3",
     k3("AdamW", learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False), "keras3"),
    ("keras 2.2.4 Adam (lr, decay)", "2.2.4",
     {"class_name": "Adam", "config": {"lr": 0.01, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0, "epsilon": 1e-7,
                                       "amsgrad": False}}, "standalone"),
    ("tf.keras 2.14 Custom>Adam", "2.14.0",
     {"class_name": "Custom>Adam", "config": {"name": "Adam", "weight_decay": None, "clipnorm": None,
                                              "global_clipnorm": None, "clipvalue": None, "use_ema": False,
                                              "ema_momentum": 0.99, "ema_overwrite_frequency": None,
                                              "jit_compile": False, "is_legacy_optimizer": False,
                                              "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999,
                                              "epsilon": 1e-7, "amsgrad": False}}, "keras3"),
    ("legacy lowercase adam", "2.3.0-tf",
     {"class_name": "adam", "config": {"learning_rate": 0.02, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-4}},
     "v2"),
    ("keras.optimizers.Adam", "",
     {"class_name": "keras.optimizers.Adam", "config": {"learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999,
                                                        "epsilon": 1e-7}}, "keras3"),
    ("keras3 SGD nesterov", "3.5.0", k3("SGD", learning_rate=0.05, momentum=0.9, nesterov=True), "keras3"),
    ("tf.keras SGD", "2.2.4-tf",
     {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05, "decay": 0, "momentum": 0,
                                      "nesterov": False}}, "v2"),
    ("keras 2.1.6 SGD momentum", "2.1.6",
     {"class_name": "SGD", "config": {"lr": 0.05, "momentum": 0.8, "decay": 0.0, "nesterov": False}}, "standalone"),
    ("keras3 RMSprop", "3.5.0", k3("RMSprop", learning_rate=0.01, rho=0.9, momentum=0.0, epsilon=1e-3,
                                   centered=False), "keras3"),
    ("keras3 RMSprop centered momentum", "3.9.0",
     k3("RMSprop", learning_rate=0.01, rho=0.8, momentum=0.5, epsilon=1e-3, centered=True), "keras3"),
    ("tf.keras RMSprop", "2.3.0-tf",
     {"class_name": "RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.01, "decay": 0.0, "rho": 0.9,
                                          "momentum": 0.0, "epsilon": 1e-3, "centered": False}}, "v2"),
    ("tf.keras RMSprop momentum", "2.4.0",
     {"class_name": "RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.01, "decay": 0.0, "rho": 0.9,
                                          "momentum": 0.9, "epsilon": 1e-3, "centered": False}}, "v2"),
    ("keras 2.2.4 RMSprop", "2.2.4",
     {"class_name": "RMSprop", "config": {"lr": 0.01, "rho": 0.9, "decay": 0.0, "epsilon": 1e-3}}, "standalone"),
    ("keras3 Adagrad", "3.5.0", k3("Adagrad", learning_rate=0.05, initial_accumulator_value=0.1, epsilon=1e-3),
     "keras3"),
    ("tf.keras Adagrad", "2.4.0",
     {"class_name": "Adagrad", "config": {"name": "Adagrad", "learning_rate": 0.05, "decay": 0.0,
                                          "initial_accumulator_value": 0.1, "epsilon": 1e-3}}, "v2"),
    ("keras 2.1.6 Adagrad", "2.1.6",
     {"class_name": "Adagrad", "config": {"lr": 0.05, "epsilon": 1e-3, "decay": 0.0}}, "standalone"),
    ("keras3 Adadelta", "3.5.0", k3("Adadelta", learning_rate=1.0, rho=0.95, epsilon=1e-6), "keras3"),
    ("tf.keras Adadelta", "2.2.4-tf",
     {"class_name": "Adadelta", "config": {"name": "Adadelta", "learning_rate": 0.5, "decay": 0.0, "rho": 0.9,
                                           "epsilon": 1e-7}}, "v2"),
    ("keras3 Nadam", "3.5.0", k3("Nadam", learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7), "keras3"),
    ("keras 2.2.4 Nadam", "2.2.4",
     {"class_name": "Nadam", "config": {"lr": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7,
                                        "schedule_decay": 0.004}}, "standalone"),
    ("keras3 Adamax", "3.5.0", k3("Adamax", learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
     "keras3"),
]
CASES[2][2]["config"]["weight_decay"] = 0.01
CASES[3][2]["config"]["weight_decay"] = 0.004


def optimizer_steps():
    rng = np.random.default_rng(11)
    out = []
    for label, version, oc, rules in CASES:
        theta0 = rng.normal(0, 0.5, 6).astype(f32)
        grads = [rng.normal(0, 0.2, 6).astype(f32) for _ in range(4)]
        cls = oc["class_name"].split(">")[-1].split(".")[-1]
        cls = {"adam": "Adam"}.get(cls, cls)
        step = keras_rules.RULES[cls](oc["config"], rules)
        w, state, thetas = theta0.copy(), {}, []
        for t, g in enumerate(grads, start=1):
            w = step(w, g, state, t).astype(f32)
            thetas.append([float(x) for x in w])
        out.append({"label": label, "keras_version": version, "optimizer_config": oc,
                    "theta0": [float(x) for x in theta0], "grads": [[float(x) for x in g] for g in grads],
                    "theta": thetas})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "optimizer_steps.json")
    with open(path + ".tmp", "w") as f:
        json.dump(optimizer_steps(), f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    import make_state_fixtures  # noqa: E402
    make_state_fixtures.main(OUT)


if __name__ == "__main__":
    main()
