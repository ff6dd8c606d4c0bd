#!/usr/bin/python3
"""Golden data for the options every optimizer shares, from PyTorch 1.13.

Writes tests/data/torch_options/:
  schedules.csv  the learning rate per epoch under torch.optim.lr_scheduler's
                 StepLR, ExponentialLR, CosineAnnealingLR and ReduceLROnPlateau
                 (fed a fixed metric sequence), for optim's `schedule` option;
  clipped.csv    SGD with momentum and weight decay on Rosenbrock, the gradient
                 clipped by torch.nn.utils.clip_grad_norm_ before every step,
                 for optim's `max_grad_norm` and `weight_decay` options.
Run with Debian's /usr/bin/python3 (it sees python3-torch).
"""
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "torch_options")
EPOCHS = 30
# A loss that improves, stalls, improves a little, then stalls: plateau cuts.
METRICS = [1.0 / (1 + k) if k < 8 else (0.12 if k < 16 else 0.11 - 0.0001 * (k - 16)) for k in range(EPOCHS)]


def lr_sequence(make_scheduler, plateau=False):
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make_scheduler(opt)
    lrs = [opt.param_groups[0]["lr"]]
    for k in range(EPOCHS):
        opt.step()
        if plateau:
            sched.step(METRICS[k])
        else:
            sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def schedules():
    cases = [
        ("step", "step_size=4;gamma=0.5", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=4, gamma=0.5), False),
        ("exponential", "gamma=0.9", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), False),
        ("cosine", "t_max=12;eta_min=0.001",
         lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=12, eta_min=0.001), False),
        ("plateau", "factor=0.5;patience=2;threshold=0.0001;cooldown=1;min_lr=0.03",
         lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=1e-4,
                                                               cooldown=1, min_lr=0.03), True),
    ]
    with open(os.path.join(OUT, "schedules.csv"), "w") as f:
        f.write("schedule,settings,epoch,metric,lr\n")
        for name, settings, make, plateau in cases:
            for epoch, lr in enumerate(lr_sequence(make, plateau)):
                metric = METRICS[epoch - 1] if epoch > 0 else float("nan")
                f.write(f"{name},{settings},{epoch},{metric!r},{lr!r}\n")


def clipped():
    torch.set_default_dtype(torch.float64)
    theta = torch.tensor([-1.2, 1.0], requires_grad=True)
    opt = torch.optim.SGD([theta], lr=2e-3, momentum=0.9, weight_decay=0.01)
    with open(os.path.join(OUT, "clipped.csv"), "w") as f:
        f.write("# SGD lr=0.002 momentum=0.9 weight_decay=0.01, clip_grad_norm_(max_norm=5) on rosenbrock\n")
        f.write("step,x,y\n")
        f.write(f"0,{theta[0].item()!r},{theta[1].item()!r}\n")
        for k in range(1, 201):
            opt.zero_grad()
            x, y = theta[0], theta[1]
            loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_([theta], max_norm=5.0)
            opt.step()
            f.write(f"{k},{theta[0].item()!r},{theta[1].item()!r}\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    schedules()
    clipped()
    print("wrote", OUT)
