#include "nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nn {

std::string loss_name(LossKind k) {
  switch (k) {
    case LossKind::CategoricalCrossentropy:
      return "categorical_crossentropy";
    case LossKind::SparseCategoricalCrossentropy:
      return "sparse_categorical_crossentropy";
    case LossKind::BinaryCrossentropy:
      return "binary_crossentropy";
    case LossKind::KLDivergence:
      return "kl_divergence";
    case LossKind::MeanSquaredError:
      return "mean_squared_error";
    case LossKind::MeanAbsoluteError:
      return "mean_absolute_error";
    case LossKind::Huber:
      return "huber";
  }
  return "";
}

LossKind loss_from_name(const std::string& name) {
  for (LossKind k :
       {LossKind::CategoricalCrossentropy, LossKind::SparseCategoricalCrossentropy, LossKind::BinaryCrossentropy,
        LossKind::KLDivergence, LossKind::MeanSquaredError, LossKind::MeanAbsoluteError, LossKind::Huber})
    if (loss_name(k) == name) return k;
  if (name == "mse") return LossKind::MeanSquaredError;
  if (name == "mae") return LossKind::MeanAbsoluteError;
  if (name == "kld" || name == "kullback_leibler_divergence") return LossKind::KLDivergence;
  if (name == "huber_loss") return LossKind::Huber;
  throw std::invalid_argument("unknown loss '" + name +
                              "' (known: categorical_crossentropy, sparse_categorical_crossentropy, "
                              "binary_crossentropy, kl_divergence, "
                              "mean_squared_error, mean_absolute_error, huber)");
}

bool is_crossentropy(LossKind k) {
  return k == LossKind::CategoricalCrossentropy || k == LossKind::SparseCategoricalCrossentropy;
}

bool takes_logits(LossKind k) {
  return is_crossentropy(k) || k == LossKind::BinaryCrossentropy;
}

long target_width(LossKind kind, long k) {
  return kind == LossKind::SparseCategoricalCrossentropy ? 1 : k;
}

template <class T>
T loss_value_and_gradient(LossKind kind, const T* y, const T* t, T* dy, long batch, long k, bool from_logits) {
  constexpr double kEps = 1e-7;
  const double inv_b = 1.0 / static_cast<double>(batch);
  const double inv_k = 1.0 / static_cast<double>(k);
  double total = 0;
  for (long b = 0; b < batch; ++b) {
    const T* yr = y + b * k;
    const T* tr = t + b * target_width(kind, k);
    T* dr = dy ? dy + b * k : nullptr;
    // The sparse loss is the categorical one against onehot(c).
    long label = -1;
    if (kind == LossKind::SparseCategoricalCrossentropy) {
      const double c = static_cast<double>(tr[0]);
      if (!(c >= 0 && c < static_cast<double>(k)) || c != std::floor(c))
        throw std::invalid_argument("class index " + std::to_string(c) + " is not one of the " + std::to_string(k) +
                                    " outputs");
      label = static_cast<long>(c);
    }
    auto target = [&](long i) { return label >= 0 ? (i == label ? 1.0 : 0.0) : static_cast<double>(tr[i]); };
    double sample = 0;
    switch (kind) {
      case LossKind::CategoricalCrossentropy:
      case LossKind::SparseCategoricalCrossentropy:
        if (from_logits) {
          const double zmax = static_cast<double>(*std::max_element(yr, yr + k));
          double sum = 0, tsum = 0;
          for (long i = 0; i < k; ++i) sum += std::exp(static_cast<double>(yr[i]) - zmax);
          const double lse = zmax + std::log(sum);
          for (long i = 0; i < k; ++i) {
            sample -= target(i) * (static_cast<double>(yr[i]) - lse);
            tsum += target(i);
          }
          if (dr)
            for (long i = 0; i < k; ++i)
              dr[i] = static_cast<T>((std::exp(static_cast<double>(yr[i]) - lse) * tsum - target(i)) * inv_b);
        } else {
          // Keras: p ← p / Σp, clipped; ℓ = −Σ t·log p.
          double s = 0;
          for (long i = 0; i < k; ++i) s += static_cast<double>(yr[i]);
          for (long i = 0; i < k; ++i) {
            const double p = static_cast<double>(yr[i]) / s;
            const double pc = std::clamp(p, kEps, 1 - kEps);
            sample -= target(i) * std::log(pc);
          }
          if (dr) {
            // ∂ℓ/∂y_i = −t_i/(p_i·s)·[p unclipped] + Σ_j t_j·[p_j unclipped]/(s)  (through the normalization)
            double tsum_in = 0;
            for (long j = 0; j < k; ++j) {
              const double p = static_cast<double>(yr[j]) / s;
              if (p > kEps && p < 1 - kEps) tsum_in += target(j);
            }
            for (long i = 0; i < k; ++i) {
              const double p = static_cast<double>(yr[i]) / s;
              const bool inside = p > kEps && p < 1 - kEps;
              const double direct = inside ? -target(i) / (p * s) : 0.0;
              dr[i] = static_cast<T>((direct + tsum_in / s) * inv_b);
            }
          }
        }
        break;
      case LossKind::BinaryCrossentropy:
        if (from_logits) {
          // −t·log σ(z) − (1 − t)·log(1 − σ(z)) = softplus(z) − t·z, with
          // softplus(z) = log(1 + eᶻ) written to neither overflow nor lose digits.
          for (long i = 0; i < k; ++i) {
            const double z = static_cast<double>(yr[i]), tt = static_cast<double>(tr[i]);
            const double softplus = z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
            sample += (softplus - tt * z) * inv_k;
            if (dr) {
              const double sigma = z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
              dr[i] = static_cast<T>((sigma - tt) * inv_k * inv_b);
            }
          }
          break;
        }
        for (long i = 0; i < k; ++i) {
          const double p = static_cast<double>(yr[i]), tt = static_cast<double>(tr[i]);
          const double pc = std::clamp(p, kEps, 1 - kEps);
          sample -= (tt * std::log(pc) + (1 - tt) * std::log(1 - pc)) * inv_k;
          if (dr)
            dr[i] = static_cast<T>((p > kEps && p < 1 - kEps ? (pc - tt) / (pc * (1 - pc)) : 0.0) * inv_k * inv_b);
        }
        break;
      case LossKind::KLDivergence:
        for (long i = 0; i < k; ++i) {
          const double p = static_cast<double>(yr[i]), tt = std::clamp(static_cast<double>(tr[i]), kEps, 1.0);
          const double pc = std::clamp(p, kEps, 1.0);
          sample += tt * std::log(tt / pc);
          if (dr) dr[i] = static_cast<T>((p > kEps && p < 1 ? -tt / pc : 0.0) * inv_b);
        }
        break;
      case LossKind::MeanSquaredError:
        for (long i = 0; i < k; ++i) {
          const double e = static_cast<double>(yr[i]) - static_cast<double>(tr[i]);
          sample += e * e * inv_k;
          if (dr) dr[i] = static_cast<T>(2 * e * inv_k * inv_b);
        }
        break;
      case LossKind::MeanAbsoluteError:
        for (long i = 0; i < k; ++i) {
          const double e = static_cast<double>(yr[i]) - static_cast<double>(tr[i]);
          sample += std::abs(e) * inv_k;
          if (dr) dr[i] = static_cast<T>((e > 0 ? 1.0 : e < 0 ? -1.0 : 0.0) * inv_k * inv_b);
        }
        break;
      case LossKind::Huber:
        for (long i = 0; i < k; ++i) {
          const double e = static_cast<double>(yr[i]) - static_cast<double>(tr[i]), a = std::abs(e);
          sample += (a <= 1 ? 0.5 * e * e : a - 0.5) * inv_k;
          if (dr) dr[i] = static_cast<T>((a <= 1 ? e : (e > 0 ? 1.0 : -1.0)) * inv_k * inv_b);
        }
        break;
    }
    total += sample;
  }
  return static_cast<T>(total * inv_b);
}

template float loss_value_and_gradient<float>(LossKind, const float*, const float*, float*, long, long, bool);
template double loss_value_and_gradient<double>(LossKind, const double*, const double*, double*, long, long, bool);

}  // namespace nn
