"""Keras' optimizer update rules in NumPy (float32), written from Keras' own
source, so that descent's converted optimizers can be checked against them:

  Keras 3 / tf.keras 2.11+   keras/src/optimizers/{adam,adamw,sgd,rmsprop,adagrad,
                             adadelta,adamax,nadam}.py (update_step)
  tf.keras 2.x (V2)          keras/optimizers/optimizer_v2/*.py and the TF kernels
                             they call (ResourceApplyAdam, ResourceApplyRMSProp, …)
  keras 2.0–2.3              keras/optimizers.py (get_updates)

Each rule is step(w, g, state, t) with t the 1-based step (Keras' iterations
+ 1); it returns the new w and updates `state` (a dict of arrays) in place.
"""
import numpy as np

f32 = np.float32


def adam(c, rules):
    """Adam and AdamW: ε is "epsilon hat", added to √v before bias correction."""
    b1, b2, eps = f32(c["beta_1"]), f32(c["beta_2"]), f32(c["epsilon"])
    lr = f32(c.get("learning_rate", c.get("lr")))
    wd = c.get("weight_decay") or 0.0
    amsgrad = bool(c.get("amsgrad", False))

    def step(w, g, s, t):
        s.setdefault("m", np.zeros_like(w))
        s.setdefault("v", np.zeros_like(w))
        s.setdefault("vhat", np.zeros_like(w))
        if wd:  # Keras 3's base optimizer: w ← w − w·wd·lr, before the update
            w = w - w * f32(wd) * lr
        alpha = lr * np.sqrt(f32(1) - b2 ** f32(t)) / (f32(1) - b1 ** f32(t))
        s["m"] += (g - s["m"]) * (f32(1) - b1)
        s["v"] += (g * g - s["v"]) * (f32(1) - b2)
        v = s["v"]
        if amsgrad:
            s["vhat"] = np.maximum(s["vhat"], s["v"])
            v = s["vhat"]
        return w - (s["m"] * alpha) / (np.sqrt(v) + eps)

    return step


def sgd(c, rules):
    lr, mom = f32(c.get("learning_rate", c.get("lr"))), f32(c.get("momentum", 0))
    nesterov = bool(c.get("nesterov", False))

    def step(w, g, s, t):
        if mom == 0:
            return w - g * lr
        s.setdefault("m", np.zeros_like(w))
        s["m"] = s["m"] * mom - g * lr
        return w + (s["m"] * mom - g * lr if nesterov else s["m"])

    return step


def rmsprop(c, rules):
    lr, rho, eps = f32(c.get("learning_rate", c.get("lr"))), f32(c["rho"]), f32(c["epsilon"])
    mom, centered = f32(c.get("momentum", 0)), bool(c.get("centered", False))
    # ε inside √ in Keras 3 and in tf.keras 2's fused momentum kernels; outside otherwise.
    inside = rules == "keras3" or (rules == "v2" and mom > 0)

    def step(w, g, s, t):
        s.setdefault("velocity", np.zeros_like(w))
        s.setdefault("average_gradient", np.zeros_like(w))
        s.setdefault("momentum", np.zeros_like(w))
        s["velocity"] = rho * s["velocity"] + (f32(1) - rho) * g * g
        d = s["velocity"]
        if centered:
            s["average_gradient"] = rho * s["average_gradient"] + (f32(1) - rho) * g
            d = d - s["average_gradient"] ** 2
        inc = lr * g / (np.sqrt(d + eps) if inside else np.sqrt(d) + eps)
        if mom > 0:
            s["momentum"] = mom * s["momentum"] + inc
            return w - s["momentum"]
        return w - inc

    return step


def adagrad(c, rules):
    lr, eps = f32(c.get("learning_rate", c.get("lr"))), f32(c["epsilon"])
    init = f32(c.get("initial_accumulator_value", 0.0))

    def step(w, g, s, t):
        s.setdefault("accumulator", np.full_like(w, init))
        s["accumulator"] += g * g
        a = s["accumulator"]
        return w - lr * g / (np.sqrt(a + eps) if rules == "keras3" else np.sqrt(a) + eps)

    return step


def adadelta(c, rules):
    lr, rho, eps = f32(c.get("learning_rate", c.get("lr"))), f32(c["rho"]), f32(c["epsilon"])

    def step(w, g, s, t):
        s.setdefault("accumulated_grad", np.zeros_like(w))
        s.setdefault("accumulated_delta_var", np.zeros_like(w))
        s["accumulated_grad"] = rho * s["accumulated_grad"] + (f32(1) - rho) * g * g
        delta = -np.sqrt(s["accumulated_delta_var"] + eps) * g / np.sqrt(s["accumulated_grad"] + eps)
        s["accumulated_delta_var"] = rho * s["accumulated_delta_var"] + (f32(1) - rho) * delta * delta
        return w + lr * delta

    return step


def nadam(c, rules):
    """Keras 3: u_t = β₁·(1 − ½·0.96ᵗ); older Keras 0.96^(t·schedule_decay)."""
    lr = f32(c.get("learning_rate", c.get("lr")))
    b1, b2, eps = f32(c["beta_1"]), f32(c["beta_2"]), f32(c["epsilon"])
    psi = 1.0 if rules == "keras3" else c.get("schedule_decay", 0.004)

    def step(w, g, s, t):
        s.setdefault("m", np.zeros_like(w))
        s.setdefault("v", np.zeros_like(w))
        s.setdefault("u_product", f32(1))
        u_t = b1 * (f32(1) - f32(0.5) * f32(0.96) ** f32(t * psi))
        u_t1 = b1 * (f32(1) - f32(0.5) * f32(0.96) ** f32((t + 1) * psi))
        s["u_product"] = f32(s["u_product"] * u_t)
        u_product_t1 = s["u_product"] * u_t1
        s["m"] += (g - s["m"]) * (f32(1) - b1)
        s["v"] += (g * g - s["v"]) * (f32(1) - b2)
        m_hat = u_t1 * s["m"] / (f32(1) - u_product_t1) + (f32(1) - u_t) * g / (f32(1) - s["u_product"])
        v_hat = s["v"] / (f32(1) - b2 ** f32(t))
        return w - m_hat * lr / (np.sqrt(v_hat) + eps)

    return step


def adamax(c, rules):
    lr = f32(c.get("learning_rate", c.get("lr")))
    b1, b2, eps = f32(c["beta_1"]), f32(c["beta_2"]), f32(c["epsilon"])

    def step(w, g, s, t):
        s.setdefault("m", np.zeros_like(w))
        s.setdefault("u", np.zeros_like(w))
        s["m"] += (g - s["m"]) * (f32(1) - b1)
        s["u"] = np.maximum(b2 * s["u"], np.abs(g))
        return w - lr * s["m"] / ((f32(1) - b1 ** f32(t)) * (s["u"] + eps))

    return step


RULES = {"Adam": adam, "AdamW": adam, "SGD": sgd, "RMSprop": rmsprop, "Adagrad": adagrad,
         "Adadelta": adadelta, "Nadam": nadam, "Adamax": adamax}
