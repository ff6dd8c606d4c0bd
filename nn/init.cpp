#include "nn/init.hpp"

#include <cmath>
#include <stdexcept>

namespace nn {

std::string init_name(Init i) {
  switch (i) {
    case Init::GlorotUniform:
      return "GlorotUniform";
    case Init::HeNormal:
      return "HeNormal";
    case Init::HeUniform:
      return "HeUniform";
    case Init::Zeros:
      return "Zeros";
    case Init::Ones:
      return "Ones";
  }
  return "Zeros";
}

Init init_from_name(const std::string& name) {
  for (Init i : {Init::GlorotUniform, Init::HeNormal, Init::HeUniform, Init::Zeros, Init::Ones})
    if (init_name(i) == name) return i;
  if (name == "glorot_uniform") return Init::GlorotUniform;
  if (name == "he_normal") return Init::HeNormal;
  if (name == "he_uniform") return Init::HeUniform;
  if (name == "zeros") return Init::Zeros;
  if (name == "ones") return Init::Ones;
  throw std::invalid_argument("unknown initializer '" + name +
                              "' (known: glorot_uniform, he_normal, he_uniform, zeros, ones)");
}

template <class T>
void initialize(Init kind, T* w, long n, long fan_in, long fan_out, std::mt19937_64& rng) {
  switch (kind) {
    case Init::Zeros:
    case Init::Ones:
      for (long i = 0; i < n; ++i) w[i] = kind == Init::Ones ? T(1) : T(0);
      return;
    case Init::GlorotUniform:
    case Init::HeUniform: {
      const double limit = kind == Init::GlorotUniform ? std::sqrt(6.0 / static_cast<double>(fan_in + fan_out))
                                                       : std::sqrt(6.0 / static_cast<double>(fan_in));
      for (long i = 0; i < n; ++i) w[i] = static_cast<T>((2 * uniform01(rng) - 1) * limit);
      return;
    }
    case Init::HeNormal: {
      // Truncated at two standard deviations; 0.8796… is the std of a unit
      // normal truncated there (Keras' VarianceScaling).
      const double stddev = std::sqrt(2.0 / static_cast<double>(fan_in)) / 0.87962566103423978;
      for (long i = 0; i < n; ++i) {
        double z;
        do {  // Box–Muller, one value per draw for simplicity
          const double u1 = 1 - uniform01(rng), u2 = uniform01(rng);
          z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
        } while (std::abs(z) > 2);
        w[i] = static_cast<T>(z * stddev);
      }
      return;
    }
  }
}

template void initialize<float>(Init, float*, long, long, long, std::mt19937_64&);
template void initialize<double>(Init, double*, long, long, long, std::mt19937_64&);

}  // namespace nn
