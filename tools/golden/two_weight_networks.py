#!/usr/bin/python3
"""Golden loss, gradient and Hessian of the two-weight networks from PyTorch,
for tests/scenes/test_network_surfaces.cpp.

Run with Debian's python3-torch (1.13):
    /usr/bin/python3 tools/golden/two_weight_networks.py

The networks as scenes/network_surfaces.cpp defines them, in float64:
  neuron    z = w·x + b on 12 labelled points, torch.nn.BCEWithLogitsLoss (mean)
  tiny_net  ŷ = v·tanh(w·x) on x = −2, −1.5, …, 2, torch.nn.MSELoss against tanh(1.5·x)
The gradient is autograd's, the Hessian torch.autograd.functional.hessian
(exact second derivatives by double backward). Writes, to a temporary name
then renamed:
  tests/data/network/two_weight.csv  surface,x,y,f,gx,gy,hxx,hxy,hyy
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from common import write_atomic  # noqa: E402

torch.set_default_dtype(torch.float64)

NEURON_X = torch.tensor([-1.0, -0.2, 0.5, 1.0, 1.4, 1.8, 2.3, 2.7, 3.1, 3.6, 4.3, 5.0])
NEURON_Y = torch.tensor([0.0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1])
TINY_X = torch.tensor([-2.0 + 0.5 * i for i in range(9)])
TINY_T = torch.tanh(1.5 * TINY_X)


def neuron(theta):
    w, b = theta[0], theta[1]
    return torch.nn.BCEWithLogitsLoss()(w * NEURON_X + b, NEURON_Y)


def tiny_net(theta):
    w, v = theta[0], theta[1]
    return torch.nn.MSELoss()(v * torch.tanh(w * TINY_X), TINY_T)


# Points across each view, the minima, far outside, and (tiny_net) the saddle at zero.
CASES = {
    "neuron": (neuron, [(-1.5, 2), (0.3, -0.4), (2, -5), (1.3, -2.7), (1.3217, -2.7078), (-2.4, -6.9), (3.9, 2.9),
                        (0, 0), (3.5, -6.5), (-2, 2.5), (0.7, 1.1), (2.8, -0.3), (12, -30), (-8, 20)]),
    "tiny_net": (tiny_net, [(0, 0), (0.1, -0.05), (0.02, -0.01), (1.4, 0.9), (-1.6, -1.1), (2.9, 1.9), (-2.9, -1.9),
                            (0.7, -0.3), (-0.7, 0.3), (1e-3, 2), (-2.5, 0.4), (0.5, 1.5), (2.2, -1.7), (0.01, 0.01),
                            (-0.3, -0.02)]),
}


def main():
    rows = ["surface,x,y,f,gx,gy,hxx,hxy,hyy"]
    for name, (f, points) in CASES.items():
        for x, y in points:
            theta = torch.tensor([float(x), float(y)], requires_grad=True)
            value = f(theta)
            (g,) = torch.autograd.grad(value, theta)
            h = torch.autograd.functional.hessian(f, theta.detach())
            numbers = [x, y, value.item(), g[0].item(), g[1].item(), h[0, 0].item(), h[0, 1].item(), h[1, 1].item()]
            rows.append(name + "," + ",".join(repr(float(n)) for n in numbers))
    path = os.path.join(ROOT, "tests", "data", "network", "two_weight.csv")
    write_atomic(path, "\n".join(rows) + "\n")
    print("wrote", path, len(rows) - 1, "points, torch", torch.__version__)


if __name__ == "__main__":
    main()
