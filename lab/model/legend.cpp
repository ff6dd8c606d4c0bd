#include "lab/model/legend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "optim/registry.hpp"

namespace lab::model {

namespace {

const optim::HyperSpec* spec_of(const Runner& r, const std::string& key) {
  for (const optim::HyperSpec& s : r.specs())
    if (s.name == key) return &s;
  return nullptr;
}

// "no bias correction" for a flag turned off, "amsgrad" for one turned on,
// "β₁ = 0.8" for a number.
std::string setting(const optim::HyperSpec& s, double value) {
  std::string words = s.name;
  std::replace(words.begin(), words.end(), '_', ' ');
  switch (s.kind) {
    case optim::HyperSpec::Kind::Flag:
      return value != 0 ? words : "no " + words;
    case optim::HyperSpec::Kind::Choice:
      return words + " " + optim::format_hyper_value(s, value);
    default:
      return s.symbol + " = " + short_number(value);
  }
}

}  // namespace

std::string short_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  std::string s = buf;
  if (s == "-0") return "0";
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  return s;
}

std::string runner_name(const Runner& r, std::int64_t step) {
  std::string name = r.label.empty() ? optim::optimizer_info(r.optimizer_name()).title : r.label;
  std::string settings;
  for (const optim::HyperSpec& s : r.specs()) {
    if (s.common) continue;  // decay, clipping, schedules: the panel shows them
    const double value = r.hyper_at(s.name, step);
    const bool is_lr = s.name == "lr";
    if (!is_lr && value == s.default_value) continue;
    const std::string text = setting(s, value);
    if (is_lr)
      name += " " + text;
    else
      settings += ", " + text;
  }
  if (const auto& b = r.batch_size()) settings += *b == 0 ? ", full batch" : ", batch " + std::to_string(*b);
  return name + settings;
}

bool at_pole(const Runner& r, std::int64_t k, const scenes::View& view) {
  const StepRecord& now = r.at(k);
  if (!std::isfinite(now.f) || !(std::abs(now.f) > kPoleFactor * std::max(1.0, std::abs(r.at(0).f)))) return false;
  const double w = view.x_max - view.x_min, h = view.y_max - view.y_min;
  return now.theta.x() > view.x_min - w && now.theta.x() < view.x_max + w && now.theta.y() > view.y_min - h &&
         now.theta.y() < view.y_max + h;
}

LegendLine legend_line(const Experiment& e, std::size_t i) {
  const Runner& r = e.runner(i);
  const std::int64_t cursor = e.cursor();
  const std::optional<double> f_star = global_minimum(e);
  const std::int64_t k = std::clamp<std::int64_t>(cursor, 0, std::max<std::int64_t>(r.head(), 0));
  const std::string name = runner_name(r, k);
  if (!r.enabled) return {name + "  (off)", RunState::Off};
  if (!r.error().empty() && cursor >= r.head())
    return {name + "  error after step " + std::to_string(r.head()) + ": " + r.error(), RunState::Failed};
  if (r.diverged_at() && cursor >= *r.diverged_at()) {
    const std::string why = r.divergence_reason().empty() ? "" : " (" + r.divergence_reason() + ")";
    return {name + "  diverged at step " + std::to_string(*r.diverged_at()) + why, RunState::Diverged};
  }
  if (e.network() != nullptr) {
    const StepRecord& now = r.at(k);
    std::string line = name + "  loss = " + short_number(now.f);
    if (!e.network()->data().regression() && now.measures.size() > NetworkProblem::kTestAccuracy)
      line += "  accuracy " + short_number(now.measures[NetworkProblem::kTrainAccuracy]) + " / test " +
              short_number(now.measures[NetworkProblem::kTestAccuracy]);
    return {line, RunState::Running};
  }
  if (at_pole(r, k, e.view()))
    return {name + "  f = " + short_number(r.at(k).f) + ": on a pole of f, not a minimum", RunState::AtPole};
  if (f_star && *f_star != 0) return {name + "  f − f* = " + short_number(r.at(k).f - *f_star), RunState::Running};
  return {name + "  f = " + short_number(r.at(k).f), RunState::Running};
}

std::optional<double> global_minimum(const Experiment& e) {
  std::optional<double> lowest;
  if (e.network() != nullptr) return lowest;  // a network's lowest loss is not known
  for (const scenes::Minimum& m : e.surface().minima())
    if (!lowest || m.f < *lowest) lowest = m.f;
  return lowest;
}

std::string scene_note(const Experiment& e) {
  if (const auto& n = e.scene().network) {
    const long b = n->model.batch_size;
    std::string note = "all start from the same weights (seed ";
    note.append(std::to_string(n->model.init_seed)).append(")  ·  ");
    const auto& runners = e.runners();
    if (std::any_of(runners.begin(), runners.end(), [](const Runner& r) { return r.batch_size().has_value(); }))
      return note.append("own batch sizes (same size, same batch k)");
    if (b == 0) return note.append("full batch");
    return note.append("batch ").append(std::to_string(b)).append(", the same for all at step k");
  }
  if (!(e.scene().noise > 0)) return "";
  return "gradient noise σ = " + short_number(e.scene().noise);
}

std::string change_text(const Runner& r, const HyperChange& c) {
  const optim::HyperSpec* s = spec_of(r, c.key);
  if (!s) return c.key + " " + short_number(c.previous) + " → " + short_number(c.value);
  if (s->kind != optim::HyperSpec::Kind::Real && s->kind != optim::HyperSpec::Kind::Integer)
    return setting(*s, c.previous) + " → " + setting(*s, c.value);
  return s->symbol + " " + short_number(c.previous) + " → " + short_number(c.value);
}

std::string edit_note(const Runner& r, std::int64_t step) {
  std::string changes;
  for (const HyperChange& c : r.changes())
    if (c.step == step) changes += (changes.empty() ? "" : ", ") + change_text(r, c);
  if (changes.empty()) return "";
  return "from step " + std::to_string(step) + " on: " + changes;
}

}  // namespace lab::model
