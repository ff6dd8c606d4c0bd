// optim/method.hpp — an optimizer whose hyperparameters are a config struct.
//
// Every method derives from Method<T, ItsConfig>. The update reads the
// struct by name (config().beta1); the name-based API of Optimizer (specs,
// get, set, save/load) reaches the same members through Config::fields(),
// the one list that describes them. Config must have a member `lr`.
#pragma once

#include <string>
#include <vector>

#include "optim/hyper_field.hpp"
#include "optim/optimizer.hpp"

namespace optim {

template <class T, class Config>
class Method : public Optimizer<T> {
 public:
  const Config& config() const { return config_; }

 protected:
  // Throws std::invalid_argument, naming the hyperparameter, when a value of
  // `config` is outside its range, as set() does.
  Method(std::string name, const Config& config) : Optimizer<T>(std::move(name), specs_of(fields())) {
    for (const auto& f : fields()) this->set(f.spec.name, f.get(config));
  }

 private:
  static const std::vector<HyperField<Config>>& fields() {
    static const std::vector<HyperField<Config>> table = Config::fields();
    return table;
  }
  double own_value(std::size_t i) const final { return fields()[i].get(config_); }
  void set_own_value(std::size_t i, double value) final { fields()[i].set(config_, value); }
  double base_lr() const final { return config_.lr; }

  Config config_;
};

}  // namespace optim
