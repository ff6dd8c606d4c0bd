#include "lab/model/network_measures.hpp"

#include <Eigen/Core>
#include <limits>

namespace lab::model {

std::string network_title(const Experiment& e) {
  const scenes::MlpProblem* net = e.network();
  if (net == nullptr) return "";
  const scenes::MlpSpec& spec = net->spec();
  std::string shape = std::to_string(net->inputs());
  for (int units : spec.hidden) shape += "→" + std::to_string(units);
  shape += "→" + std::to_string(net->outputs());
  std::string title = net->data().name + " · " + shape + " · " + nn::act_name(spec.activation);
  if (!spec.features.empty()) {
    title += " · inputs x1, x2";
    for (scenes::Feature f : spec.features) title += ", " + scenes::feature_name(f);
  }
  if (spec.l2 > 0) title += " · L2 " + std::to_string(spec.l2);
  return title;
}

long dead_units(const scenes::MlpProblem& net, const optim::Vec<double>& theta) {
  const scenes::MlpSpec& spec = net.spec();
  if (spec.activation != nn::Act::Relu) return 0;
  using Rows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const long n = net.data().train_size();
  // Each Dense layer's θ: its kernel (units × inputs, one row per unit), then its biases.
  Rows x = Eigen::Map<const Rows>(net.training_inputs().data(), n, net.inputs());
  long offset = 0, dead = 0;
  for (int units : spec.hidden) {
    const long in = x.cols();
    const Eigen::Map<const Rows> w(theta.data() + offset, units, in);
    const Eigen::Map<const Eigen::RowVectorXd> b(theta.data() + offset + units * in, units);
    Rows z = x * w.transpose();
    z.rowwise() += b;
    x = z.cwiseMax(0.0);
    for (long j = 0; j < units; ++j) dead += x.col(j).maxCoeff() <= 0 ? 1 : 0;
    offset += units * in + units;
  }
  return dead;
}

double step_turn(const Runner& r, std::int64_t k) {
  if (k < 2) return std::numeric_limits<double>::quiet_NaN();
  const optim::Vec<double> now = r.at(k).theta - r.at(k - 1).theta;
  const optim::Vec<double> before = r.at(k - 1).theta - r.at(k - 2).theta;
  const double norms = now.norm() * before.norm();
  return norms > 0 ? now.dot(before) / norms : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace lab::model
