// optim/optimizer.cpp — the shared machinery: hyperparameters, the
// evaluator's options, the learning-rate schedule and named state.
//
// [SECTION] common options   [SECTION] evaluator   [SECTION] hyperparameters
// [SECTION] stepping and schedule   [SECTION] state   [SECTION] inspection
#include "optim/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace optim {

// [SECTION] common options ---------------------------------------------------

std::vector<HyperField<CommonOptions>> CommonOptions::fields() {
  using C = CommonOptions;
  using Kind = HyperSpec::Kind;
  return {
      field(&C::weight_decay, {.name = "weight_decay",
                               .symbol = "λ₂",
                               .help = "L2 penalty λ₂/2·‖θ‖² (decoupled in adamw, lion and adabelief)",
                               .max = 0.1}),
      field(&C::l1,
            {.name = "l1", .symbol = "λ₁", .help = "L1 penalty λ₁·‖θ‖₁ (with weight_decay: elastic net)", .max = 0.1}),
      field(&C::max_grad_norm,
            {.name = "max_grad_norm", .symbol = "c", .help = "clip ‖g‖ to this norm (0: off)", .max = 10}),
      field(&C::schedule, {.name = "schedule",
                           .symbol = "schedule",
                           .help = "learning-rate schedule, advanced once per epoch (per step in `trace`)",
                           .choices = {"none", "step", "exponential", "cosine", "plateau"}}),
      field(&C::step_size, {.name = "step_size",
                            .symbol = "k",
                            .help = "step schedule: multiply ε by gamma every k epochs",
                            .kind = Kind::Integer,
                            .min = 1,
                            .max = 1000,
                            .hard_min = 1}),
      field(&C::gamma, {.name = "gamma",
                        .symbol = "γ",
                        .help = "step/exponential schedule: decay factor",
                        .min = 0.01,
                        .max = 1,
                        .hard_max = 1}),
      field(&C::t_max, {.name = "t_max",
                        .symbol = "T",
                        .help = "cosine schedule: epochs in a half period",
                        .kind = Kind::Integer,
                        .min = 1,
                        .max = 1000,
                        .hard_min = 1}),
      field(&C::eta_min, {.name = "eta_min", .symbol = "ε_min", .help = "cosine schedule: lowest rate", .max = 0.01}),
      field(&C::factor, {.name = "factor",
                         .symbol = "factor",
                         .help = "plateau schedule: multiply ε by this",
                         .min = 0.01,
                         .max = 0.9,
                         .hard_max = 1}),
      field(&C::patience, {.name = "patience",
                           .symbol = "patience",
                           .help = "plateau schedule: epochs without improvement",
                           .kind = Kind::Integer,
                           .max = 100}),
      field(&C::threshold, {.name = "threshold",
                            .symbol = "threshold",
                            .help = "plateau schedule: relative improvement that counts",
                            .max = 0.1}),
      field(&C::cooldown, {.name = "cooldown",
                           .symbol = "cooldown",
                           .help = "plateau schedule: epochs to wait after a cut",
                           .kind = Kind::Integer,
                           .max = 100}),
      field(&C::min_lr, {.name = "min_lr", .symbol = "ε_min", .help = "plateau schedule: lowest rate", .max = 0.01}),
  };
}

namespace {

const std::vector<HyperField<CommonOptions>>& common_fields() {
  static const std::vector<HyperField<CommonOptions>> table = CommonOptions::fields();
  return table;
}

// Base scalars, declared first by every optimizer, in this order.
enum BaseScalar : int { kStepIndex, kEvaluations, kHessians, kEpoch, kBest, kBad, kCooldownLeft, kScale };

}  // namespace

// [SECTION] evaluator --------------------------------------------------------

template <class T>
T Evaluator<T>::operator()(const Vec<T>& x, Vec<T>& g, const char* label, ProbeKind kind) {
  if (g.size() != x.size()) g.resize(x.size());
  T value = f_.value_and_gradient(x, g);
  Optimizer<T>& o = owner_;
  o.scalar_values_[kEvaluations] += 1;

  const CommonOptions& options = o.common_;
  const double clip = options.max_grad_norm;
  if (clip > 0) {
    // torch.nn.utils.clip_grad_norm_: scale by max_norm / (‖g‖ + 1e-6) when below 1.
    const double norm = static_cast<double>(g.norm());
    const double coef = clip / (norm + 1e-6);
    if (coef < 1) g *= static_cast<T>(coef);
  }
  const double l2 = o.decoupled_weight_decay() ? 0.0 : options.weight_decay;
  if (l2 != 0) {
    g += static_cast<T>(l2) * x;
    value += static_cast<T>(0.5 * l2) * x.squaredNorm();
  }
  const double l1 = options.l1;
  if (l1 != 0) {
    g.array() += static_cast<T>(l1) * x.array().sign();
    value += static_cast<T>(l1) * x.template lpNorm<1>();
  }
  if (!seen_) first_ = value, seen_ = true;
  if (o.inspection_) o.inspection_->probes.push_back(Probe<T>{label, x, value, g, kind});
  return value;
}

template <class T>
void Evaluator<T>::hessian(const Vec<T>& x, Mat<T>& H) {
  H.resize(x.size(), x.size());
  f_.hessian(x, H);
  Optimizer<T>& o = owner_;
  o.scalar_values_[kHessians] += 1;
  const double l2 = o.decoupled_weight_decay() ? 0.0 : o.common_.weight_decay;
  if (l2 != 0) H.diagonal().array() += static_cast<T>(l2);
}

// [SECTION] hyperparameters --------------------------------------------------

template <class T>
Optimizer<T>::Optimizer(std::string name, std::vector<HyperSpec> own_specs)
    : name_(std::move(name)), specs_(std::move(own_specs)) {
  own_count_ = static_cast<int>(specs_.size());
  for (const auto& f : common_fields()) {
    specs_.push_back(f.spec);
    specs_.back().common = true;
  }
  layout_ = {};
  const double inf = std::numeric_limits<double>::infinity();
  add_scalar("t", 0);
  add_scalar("evaluations", 0);
  add_scalar("hessians", 0);
  add_scalar("epoch", 0);
  add_scalar("plateau_best", inf);
  add_scalar("plateau_bad_epochs", 0);
  add_scalar("plateau_cooldown", 0);
  add_scalar("plateau_scale", 1);
}

template <class T>
bool Optimizer<T>::has(std::string_view key) const {
  return std::any_of(specs_.begin(), specs_.end(), [&](const HyperSpec& s) { return s.name == key; });
}

namespace {
template <class Specs>
std::size_t index_of(const Specs& specs, std::string_view key, const std::string& owner) {
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].name == key) return i;
  throw std::invalid_argument(owner + " has no hyperparameter '" + std::string(key) + "'");
}
}  // namespace

template <class T>
double Optimizer<T>::value(std::size_t i) const {
  const std::size_t own = static_cast<std::size_t>(own_count_);
  return i < own ? own_value(i) : common_fields()[i - own].get(common_);
}

template <class T>
void Optimizer<T>::set_value(std::size_t i, double value) {
  const std::size_t own = static_cast<std::size_t>(own_count_);
  if (i < own)
    set_own_value(i, value);
  else
    common_fields()[i - own].set(common_, value);
}

template <class T>
double Optimizer<T>::get(std::string_view key) const {
  return value(index_of(specs_, key, name_));
}

template <class T>
void Optimizer<T>::set(std::string_view key, double value) {
  const std::size_t i = index_of(specs_, key, name_);
  const HyperSpec& spec = specs_[i];
  const std::string what = name_ + " " + spec.name;
  if (!std::isfinite(value)) throw std::invalid_argument(what + " must be a finite number");
  switch (spec.kind) {
    case HyperSpec::Kind::Flag:
      if (value != 0 && value != 1) throw std::invalid_argument(what + " is a flag: true or false");
      break;
    case HyperSpec::Kind::Choice:
      if (value != std::floor(value) || value < 0 || value >= static_cast<double>(spec.choices.size()))
        throw std::invalid_argument(what + " must be one of its choices");
      break;
    case HyperSpec::Kind::Integer:
      if (value != std::floor(value)) throw std::invalid_argument(what + " must be a whole number");
      [[fallthrough]];
    case HyperSpec::Kind::Real:
      if (value < spec.hard_min || value > spec.hard_max)
        throw std::invalid_argument(what + " must be in [" + format_hyper_value(spec, spec.hard_min) + ", " +
                                    format_hyper_value(spec, spec.hard_max) + "], got " +
                                    format_hyper_value(spec, value));
      break;
  }
  set_value(i, value);
}

template <class T>
void Optimizer<T>::override_default(std::string_view key, double value) {
  const std::size_t i = index_of(specs_, key, name_);
  specs_[i].default_value = value;
  set_value(i, value);
}

// [SECTION] stepping and schedule --------------------------------------------

template <class T>
T Optimizer<T>::step(Objective<T>& f, Vec<T>& theta) {
  scalar_values_[kStepIndex] += 1;
  if (inspection_) {
    inspection_->clear();
    scratch_theta_ = theta;
    show("t", scalar_values_[kStepIndex]);
    show("ε", lr());
  }
  Evaluator<T> eval(*this, f);
  compute_step(eval, theta);
  if (inspection_) {
    Vec<T> delta = theta - scratch_theta_;
    show("Δθ", delta, VectorKind::step);
    show("θ", theta);
  }
  return eval.first_value();
}

template <class T>
Counters Optimizer<T>::counters() const {
  return Counters{static_cast<std::int64_t>(scalar_values_[kEvaluations]),
                  static_cast<std::int64_t>(scalar_values_[kHessians])};
}

template <class T>
double Optimizer<T>::scheduled(double lr) const {
  const CommonOptions& o = common_;
  const double epoch = scalar_values_[kEpoch];
  switch (o.schedule) {
    case Schedule::step:
      return lr * std::pow(o.gamma, std::floor(epoch / o.step_size));
    case Schedule::exponential:
      return lr * std::pow(o.gamma, epoch);
    case Schedule::cosine:
      // PyTorch's CosineAnnealingLR: periodic, back up after T epochs (SGDR without restarts).
      return o.eta_min + (lr - o.eta_min) * (1 + std::cos(M_PI * epoch / o.t_max)) / 2;
    case Schedule::plateau:
      return std::max(lr * scalar_values_[kScale], o.min_lr);
    case Schedule::none:
      break;
  }
  return lr;
}

template <class T>
void Optimizer<T>::end_epoch(double metric) {
  const CommonOptions& o = common_;
  scalar_values_[kEpoch] += 1;
  if (o.schedule != Schedule::plateau) return;
  // torch.optim.lr_scheduler.ReduceLROnPlateau, mode "min", threshold_mode "rel".
  double& best = scalar_values_[kBest];
  double& bad = scalar_values_[kBad];
  double& cooldown = scalar_values_[kCooldownLeft];
  if (std::isfinite(metric) && metric < best * (1 - o.threshold)) {
    best = metric;
    bad = 0;
  } else {
    bad += 1;
  }
  if (cooldown > 0) {
    cooldown -= 1;
    bad = 0;
  }
  if (bad > o.patience) {
    const double old_lr = lr();
    scalar_values_[kScale] *= o.factor;
    if (lr() >= old_lr) scalar_values_[kScale] /= o.factor;  // already at min_lr
    cooldown = o.cooldown;
    bad = 0;
  }
}

// [SECTION] state ------------------------------------------------------------

template <class T>
int Optimizer<T>::add_buffer(std::string name) {
  buffers_.emplace_back(std::move(name), Vec<T>());
  return static_cast<int>(buffers_.size()) - 1;
}

template <class T>
int Optimizer<T>::add_scalar(std::string name, double initial) {
  scalar_names_.push_back(std::move(name));
  scalar_initial_.push_back(initial);
  scalar_values_.push_back(initial);
  return static_cast<int>(scalar_values_.size()) - 1;
}

template <class T>
OptimizerState<T> Optimizer<T>::save_state() const {
  OptimizerState<T> state;
  state.optimizer = name_;
  for (std::size_t i = 0; i < specs_.size(); ++i) state.hyper.emplace_back(specs_[i].name, value(i));
  for (std::size_t i = 0; i < scalar_names_.size(); ++i)
    state.scalars.emplace_back(scalar_names_[i], scalar_values_[i]);
  state.buffers = buffers_;
  return state;
}

template <class T>
void Optimizer<T>::load_state(const OptimizerState<T>& state) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("cannot load " + state.optimizer + " state into " + name_ + ": " + why);
  };
  if (state.optimizer != name_) fail("different optimizer");
  if (state.version != OptimizerState<T>::kVersion) fail("unsupported state version " + std::to_string(state.version));
  if (state.hyper.size() != specs_.size() || state.scalars.size() != scalar_names_.size() ||
      state.buffers.size() != buffers_.size())
    fail("different layout");
  for (std::size_t i = 0; i < specs_.size(); ++i)
    if (state.hyper[i].first != specs_[i].name) fail("unknown hyperparameter " + state.hyper[i].first);
  for (std::size_t i = 0; i < scalar_names_.size(); ++i)
    if (state.scalars[i].first != scalar_names_[i]) fail("unknown scalar " + state.scalars[i].first);
  for (std::size_t i = 0; i < buffers_.size(); ++i)
    if (state.buffers[i].first != buffers_[i].first) fail("unknown buffer " + state.buffers[i].first);
  for (std::size_t i = 0; i < specs_.size(); ++i) set_value(i, state.hyper[i].second);
  for (std::size_t i = 0; i < scalar_names_.size(); ++i) scalar_values_[i] = state.scalars[i].second;
  for (std::size_t i = 0; i < buffers_.size(); ++i) buffers_[i].second = state.buffers[i].second;
}

template <class T>
void Optimizer<T>::reset() {
  scalar_values_ = scalar_initial_;
  for (auto& [name, buffer] : buffers_) buffer.resize(0);
}

template <class T>
bool OptimizerState<T>::operator==(const OptimizerState& other) const {
  auto same_bits = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  if (optimizer != other.optimizer || version != other.version || hyper.size() != other.hyper.size() ||
      scalars.size() != other.scalars.size() || buffers.size() != other.buffers.size())
    return false;
  for (std::size_t i = 0; i < hyper.size(); ++i)
    if (hyper[i].first != other.hyper[i].first || !same_bits(hyper[i].second, other.hyper[i].second)) return false;
  for (std::size_t i = 0; i < scalars.size(); ++i)
    if (scalars[i].first != other.scalars[i].first || !same_bits(scalars[i].second, other.scalars[i].second))
      return false;
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    const auto& a = buffers[i].second;
    const auto& b = other.buffers[i].second;
    if (buffers[i].first != other.buffers[i].first || a.size() != b.size()) return false;
    if (a.size() > 0 && std::memcmp(a.data(), b.data(), sizeof(T) * static_cast<std::size_t>(a.size())) != 0)
      return false;
  }
  return true;
}

// [SECTION] inspection -------------------------------------------------------

template <class T>
void Optimizer<T>::centralize(Vec<T>& g) const {
  for (const Segment& s : layout_) {
    if (s.rows <= 1 || s.cols <= 1) continue;
    for (long r = 0; r < s.rows; ++r) {
      auto unit = g.segment(s.offset + r * s.cols, s.cols);
      unit.array() -= unit.mean();
    }
  }
}

template <class T>
void Optimizer<T>::show(const char* name, const Vec<T>& v, VectorKind kind) const {
  if (inspection_) inspection_->vectors.push_back(ShownVector<T>{name, v, kind});
}
template <class T>
void Optimizer<T>::show(const char* name, const Mat<T>& m) const {
  if (inspection_) inspection_->matrices.emplace_back(name, m);
}
template <class T>
void Optimizer<T>::show(const char* name, double value) const {
  if (inspection_) inspection_->scalars.emplace_back(name, value);
}

template class Optimizer<float>;
template class Optimizer<double>;
template class Evaluator<float>;
template class Evaluator<double>;
template struct OptimizerState<float>;
template struct OptimizerState<double>;

}  // namespace optim
