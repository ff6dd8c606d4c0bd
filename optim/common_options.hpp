// optim/common_options.hpp — the options every optimizer has besides its own:
// weight decay, gradient clipping and the learning-rate schedule.
//
// Names and defaults are PyTorch's (torch.optim's weight_decay,
// torch.nn.utils.clip_grad_norm_'s max_norm, torch.optim.lr_scheduler's
// StepLR, ExponentialLR, CosineAnnealingLR and ReduceLROnPlateau). Counts of
// epochs are whole numbers kept in doubles, so that any value a user types
// fits before it is checked.
#pragma once

#include <vector>

#include "optim/hyper_field.hpp"

namespace optim {

enum class Schedule { none, step, exponential, cosine, plateau };

struct CommonOptions {
  double weight_decay = 0;   // λ₂
  double l1 = 0;             // λ₁
  double max_grad_norm = 0;  // c; 0: no clipping
  Schedule schedule = Schedule::none;
  double step_size = 100;   // step: ε·γ^⌊epoch / step_size⌋
  double gamma = 0.1;       // step, exponential
  double t_max = 100;       // cosine: epochs in a half period
  double eta_min = 0;       // cosine: the lowest rate
  double factor = 0.1;      // plateau: ε ← ε·factor
  double patience = 10;     // plateau: epochs without improvement before a cut
  double threshold = 1e-4;  // plateau: relative improvement that counts
  double cooldown = 0;      // plateau: epochs to wait after a cut
  double min_lr = 0;        // plateau: the lowest rate

  static std::vector<HyperField<CommonOptions>> fields();
};

}  // namespace optim
