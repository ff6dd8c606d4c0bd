#!/usr/bin/python3
"""Golden data for nn/: every layer's forward pass, the losses, and the two
reference models, computed by PyTorch (Debian's python3-torch) in float64.

Inputs and weights are not stored: both sides make them from the formula

    fill(n, tag, scale)[i] = scale * sin(0.37 * i + tag)

in Descent's layouts (activations NHWC, Dense W (F, C), Conv2D W (F, kh, kw, C)),
so the file holds only the expected outputs. Padding 'same' follows
TensorFlow (the smaller half of the padding before, the larger after).

usage: /usr/bin/python3 tools/nn/make_golden.py > tests/data/nn/golden.json
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def fill(shape, tag, scale=1.0):
    n = 1
    for d in shape:
        n *= d
    return torch.tensor([scale * math.sin(0.37 * i + tag) for i in range(n)]).reshape(shape)


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def same_pad(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def act(name, z):
    return {"linear": lambda v: v, "relu": F.relu, "leaky_relu": lambda v: F.leaky_relu(v, 0.3),
            "sigmoid": torch.sigmoid, "tanh": torch.tanh, "softmax": lambda v: F.softmax(v, dim=-1)}[name](z)


def conv(x, w, b, stride, padding, activation):
    """x NHWC, w (F, kh, kw, C) → NHWC."""
    kh, kw = w.shape[1], w.shape[2]
    xt = nchw(x)
    if padding == "same":
        pt, pb = same_pad(x.shape[1], kh, stride[0])
        pl, pr = same_pad(x.shape[2], kw, stride[1])
        xt = F.pad(xt, (pl, pr, pt, pb))
    y = F.conv2d(xt, w.permute(0, 3, 1, 2), b, stride=stride)
    return act(activation, nhwc(y))


def pool(x, kind, size, stride, padding):
    xt = nchw(x)
    if padding == "same":
        pt, pb = same_pad(x.shape[1], size[0], stride[0])
        pl, pr = same_pad(x.shape[2], size[1], stride[1])
        if kind == "max":
            xt = F.pad(xt, (pl, pr, pt, pb), value=-math.inf)
            return nhwc(F.max_pool2d(xt, size, stride))
        ones = torch.ones_like(xt)
        s = F.avg_pool2d(F.pad(xt, (pl, pr, pt, pb)), size, stride)
        c = F.avg_pool2d(F.pad(ones, (pl, pr, pt, pb)), size, stride)
        return nhwc(s / c)
    return nhwc(F.max_pool2d(xt, size, stride) if kind == "max" else F.avg_pool2d(xt, size, stride))


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


cases = []

# Dense with every activation: x (4, 6), W (5, 6), b (5).
for i, a in enumerate(["linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"]):
    x, w, b = fill((4, 6), 0.1 + i), fill((5, 6), 1.1, 0.5), fill((5,), 2.1, 0.2)
    cases.append({"layer": "Dense", "units": 5, "activation": a, "input": [4, 1, 1, 6],
                  "output": flat(act(a, x @ w.T + b))})

# Conv2D: valid / same, strides, even kernels, several channels.
for i, (hw, c, f, k, s, pad, a) in enumerate([
        ((7, 6), 2, 3, (3, 3), (1, 1), "valid", "linear"),
        ((7, 6), 2, 3, (3, 3), (2, 2), "same", "relu"),
        ((6, 5), 3, 2, (4, 2), (1, 1), "same", "tanh"),
        ((8, 8), 1, 4, (3, 3), (2, 1), "valid", "relu")]):
    x = fill((2, hw[0], hw[1], c), 0.3 + i)
    w = fill((f, k[0], k[1], c), 1.3 + i, 0.4)
    b = fill((f,), 2.3 + i, 0.1)
    cases.append({"layer": "Conv2D", "filters": f, "kernel": list(k), "strides": list(s), "padding": pad,
                  "activation": a, "input": [2, hw[0], hw[1], c], "output": flat(conv(x, w, b, s, pad, a))})

# Pooling.
for i, (kind, hw, c, size, stride, pad) in enumerate([
        ("max", (7, 7), 2, (2, 2), (2, 2), "valid"),
        ("max", (5, 6), 3, (3, 2), (2, 2), "same"),
        ("average", (6, 6), 2, (2, 2), (2, 2), "valid"),
        ("average", (5, 5), 2, (3, 3), (2, 2), "same")]):
    x = fill((2, hw[0], hw[1], c), 0.7 + i)
    cases.append({"layer": "MaxPooling2D" if kind == "max" else "AveragePooling2D", "pool": list(size),
                  "strides": list(stride), "padding": pad, "input": [2, hw[0], hw[1], c],
                  "output": flat(pool(x, kind, size, stride, pad))})

# Activation layers on images (softmax over the channel axis).
for i, a in enumerate(["relu", "leaky_relu", "sigmoid", "tanh", "softmax"]):
    x = fill((2, 3, 2, 4), 0.9 + i, 2.0)
    cases.append({"layer": "Activation", "activation": a, "input": [2, 3, 2, 4], "output": flat(act(a, x))})

# BatchNormalization: training (batch statistics, biased variance) and
# inference (moving averages); the moving averages after one training pass
# with momentum 0.9 (Keras' rule, biased batch variance).
x = fill((3, 2, 2, 4), 0.4, 1.5)
gamma, beta = 1 + fill((4,), 1.4, 0.3), fill((4,), 2.4, 0.2)
mm, mv = fill((4,), 3.4, 0.1), 1 + fill((4,), 4.4, 0.5).abs()
xt = nchw(x)
y_train = F.batch_norm(xt, None, None, gamma, beta, training=True, eps=1e-3)
y_infer = F.batch_norm(xt, mm, mv, gamma, beta, training=False, eps=1e-3)
mean = xt.mean(dim=(0, 2, 3))
var = xt.var(dim=(0, 2, 3), unbiased=False)
cases.append({"layer": "BatchNormalization", "momentum": 0.9, "epsilon": 1e-3, "input": [3, 2, 2, 4],
              "output_training": flat(nhwc(y_train)), "output_inference": flat(nhwc(y_infer)),
              "moving_mean_after": flat(0.9 * mm + 0.1 * mean), "moving_variance_after": flat(0.9 * mv + 0.1 * var)})

# Losses (batch mean, Keras' reduction), value and gradient w.r.t. the predictions.
B, K = 4, 5
logits = fill((B, K), 0.2, 2.0)
target = F.softmax(fill((B, K), 1.2, 3.0), dim=-1)
onehot = F.one_hot(torch.tensor([1, 0, 4, 2]), K).double()
prob = torch.sigmoid(fill((B, K), 2.2, 2.0))
pred = fill((B, K), 3.2, 2.0)
pdist = F.softmax(fill((B, K), 4.2), dim=-1)


def loss_case(name, y, t, fn, from_logits=False):
    y = y.clone().requires_grad_(True)
    v = fn(y, t)
    v.backward()
    cases.append({"loss": name, "from_logits": from_logits, "shape": [B, K], "value": float(v),
                  "gradient": flat(y.grad)})


loss_case("categorical_crossentropy", logits, onehot,
          lambda y, t: -(t * F.log_softmax(y, -1)).sum(-1).mean(), True)
loss_case("categorical_crossentropy", logits, target,
          lambda y, t: -(t * F.log_softmax(y, -1)).sum(-1).mean(), True)
loss_case("categorical_crossentropy", pdist, onehot, lambda y, t: -(t * (y / y.sum(-1, keepdim=True)).log()).sum(-1).mean())
loss_case("binary_crossentropy", prob, (onehot + 0.25) / 1.5, lambda y, t: F.binary_cross_entropy(y, t))
loss_case("kl_divergence", pdist, target, lambda y, t: F.kl_div(y.log(), t, reduction="batchmean"))
loss_case("mean_squared_error", pred, target, lambda y, t: F.mse_loss(y, t))
loss_case("mean_absolute_error", pred, target, lambda y, t: F.l1_loss(y, t))
loss_case("huber", pred, target * 3, lambda y, t: F.huber_loss(y, t, delta=1.0))

# The reference models, inference mode, on 3 images 28×28×1 in [0, 1].
x = (fill((3, 28, 28, 1), 0.5) + 1) / 2
w1, b1 = fill((32, 3, 3, 1), 1.5, 0.3), fill((32,), 2.5, 0.05)
w2, b2 = fill((64, 3, 3, 32), 3.5, 0.08), fill((64,), 4.5, 0.05)
w3, b3 = fill((10, 1600), 5.5, 0.05), fill((10,), 6.5, 0.05)
h = conv(x, w1, b1, (1, 1), "valid", "relu")
h = pool(h, "max", (2, 2), (2, 2), "valid")
h = conv(h, w2, b2, (1, 1), "valid", "relu")
h = pool(h, "max", (2, 2), (2, 2), "valid")
cnn = F.softmax(h.reshape(3, -1) @ w3.T + b3, dim=-1)
cases.append({"model": "cnn", "output": flat(cnn)})
v1, c1 = fill((128, 784), 1.5, 0.05), fill((128,), 2.5, 0.05)
v2, c2 = fill((10, 128), 3.5, 0.1), fill((10,), 4.5, 0.05)
mlp = F.softmax(F.relu(x.reshape(3, -1) @ v1.T + c1) @ v2.T + c2, dim=-1)
cases.append({"model": "mlp", "output": flat(mlp)})

json.dump({"generator": "tools/nn/make_golden.py", "torch": torch.__version__, "cases": cases}, sys.stdout)
sys.stdout.write("\n")
