// optim/optimizer.hpp — the one interface every optimizer in Descent has.
//
//   θ ← θ + Δθ,   Δθ chosen by the method from evaluations of f it asks for.
//
// A step works through an Evaluator that wraps the objective: it counts
// evaluations, records probes for the inspector, and applies the options
// every optimizer shares, in PyTorch's order:
//   g ← clip(∇f(θ), max_grad_norm)          gradient-norm clipping
//   g ← g + λ₂·θ + λ₁·sign(θ)               L2 / L1 / elastic-net decay
//   f ← f + λ₂/2·‖θ‖² + λ₁·‖θ‖₁             (so line searches see one function)
// Methods with decoupled decay (adamw, lion, adabelief) apply λ₂ to θ themselves.
//
// The learning rate ε the method uses is lr() = the schedule applied to the
// "lr" hyperparameter: none, step, exponential, cosine or reduce-on-plateau.
// The schedule moves on end_epoch(metric): the trainer calls it once per
// epoch, `descent trace` once per step.
//
// State lives in named buffers and scalars declared by the method, so
// save_state()/load_state() need no per-method code and are exact.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "optim/common_options.hpp"
#include "optim/hyper.hpp"
#include "optim/inspection.hpp"
#include "optim/objective.hpp"
#include "optim/state.hpp"

namespace optim {

struct Counters {
  std::int64_t evaluations = 0;  // f and ∇f, always evaluated together
  std::int64_t hessians = 0;
};

template <class T>
class Optimizer;

// The objective as a step sees it: options applied, evaluations counted,
// probes recorded when inspecting.
template <class T>
class Evaluator {
 public:
  Evaluator(Optimizer<T>& owner, Objective<T>& f) : owner_(owner), f_(f) {}
  // f(x) with g ← ∇f(x); `label` and `kind` describe the point for the inspector.
  T operator()(const Vec<T>& x, Vec<T>& g, const char* label, ProbeKind kind = ProbeKind::point);
  bool has_hessian() const { return f_.has_hessian(); }
  // ∇²f(x) plus the L2 term λ₂·I.
  void hessian(const Vec<T>& x, Mat<T>& H);
  // The value of the first evaluation made (NaN before any).
  T first_value() const { return first_; }

 private:
  Optimizer<T>& owner_;
  Objective<T>& f_;
  T first_ = std::numeric_limits<T>::quiet_NaN();
  bool seen_ = false;
};

template <class T>
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = default;
  Optimizer& operator=(const Optimizer&) = default;

  const std::string& name() const { return name_; }
  virtual std::unique_ptr<Optimizer<T>> clone() const = 0;

  // ---- hyperparameters: the method's own first, then the common options.
  const std::vector<HyperSpec>& specs() const { return specs_; }
  bool has(std::string_view key) const;
  double get(std::string_view key) const;        // throws std::invalid_argument if unknown
  void set(std::string_view key, double value);  // throws if unknown or out of its hard range

  // ---- stepping
  // One step from θ. Returns f(θ) at the point the step started from, as the
  // method's first evaluation saw it (decay included). θ is updated in place.
  T step(Objective<T>& f, Vec<T>& theta);
  std::int64_t steps() const { return static_cast<std::int64_t>(scalar_values_[kStepScalar]); }
  Counters counters() const;

  // Gradient centralization needs θ's split into tensors (default: one 1-D).
  void set_layout(std::vector<Segment> segments) { layout_ = std::move(segments); }
  const std::vector<Segment>& layout() const { return layout_; }

  // ---- learning-rate schedule
  double lr() const { return scheduled(base_lr()); }  // the rate in force now
  void end_epoch(double metric);

  // ---- inspector: nullptr (the default) records nothing and costs nothing.
  void set_inspection(Inspection<T>* out) { inspection_ = out; }
  // The update rule, line by line, in the course's notation.
  virtual std::vector<RuleLine> rule() const = 0;

  // ---- state
  OptimizerState<T> save_state() const;
  void load_state(const OptimizerState<T>& state);  // throws std::invalid_argument on mismatch
  void reset();  // back to step 0: buffers emptied, scalars to their start; hyperparameters kept

 protected:
  Optimizer(std::string name, std::vector<HyperSpec> own_specs);

  // The method: one step from θ using `eval`.
  virtual void compute_step(Evaluator<T>& eval, Vec<T>& theta) = 0;
  // adamw and lion apply weight decay to θ themselves.
  virtual bool decoupled_weight_decay() const { return false; }

  double weight_decay() const { return common_.weight_decay; }
  void override_default(std::string_view key, double value);

  // Named state, declared in the constructor. Buffers start empty; methods
  // size them on their first step.
  int add_buffer(std::string name);
  Vec<T>& buffer(int id) { return buffers_[static_cast<std::size_t>(id)].second; }
  const Vec<T>& buffer(int id) const { return buffers_[static_cast<std::size_t>(id)].second; }
  int add_scalar(std::string name, double initial);
  double& scalar(int id) { return scalar_values_[static_cast<std::size_t>(id)]; }
  double scalar(int id) const { return scalar_values_[static_cast<std::size_t>(id)]; }

  // g ← g − mean over each output unit of every multi-dimensional segment.
  void centralize(Vec<T>& g) const;

  // Inspector recording; no-ops without an attached Inspection.
  bool inspecting() const { return inspection_ != nullptr; }
  void show(const char* name, const Vec<T>& v, VectorKind kind = VectorKind::quantity) const;
  void show(const char* name, const Mat<T>& m) const;
  void show(const char* name, double value) const;

 private:
  friend class Evaluator<T>;
  static constexpr int kStepScalar = 0;

  // The method's own hyperparameters, i in the order of its specs, and its
  // configured rate: Method reads them from the method's config struct.
  virtual double own_value(std::size_t i) const = 0;
  virtual void set_own_value(std::size_t i, double value) = 0;
  virtual double base_lr() const = 0;
  double value(std::size_t i) const;
  void set_value(std::size_t i, double value);
  // ε after the schedule, from the configured rate.
  double scheduled(double lr) const;

  std::string name_;
  std::vector<HyperSpec> specs_;
  CommonOptions common_;
  int own_count_ = 0;
  std::vector<Segment> layout_;
  std::vector<std::pair<std::string, Vec<T>>> buffers_;
  std::vector<std::string> scalar_names_;
  std::vector<double> scalar_initial_;
  std::vector<double> scalar_values_;
  Inspection<T>* inspection_ = nullptr;
  Vec<T> scratch_theta_;  // θ before the step, only when inspecting
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;
extern template class Evaluator<float>;
extern template class Evaluator<double>;

}  // namespace optim
