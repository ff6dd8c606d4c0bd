// nn/init.hpp — weight initializers, seeded and portable.
//
//   glorot_uniform  W ~ U(−l, l), l = √(6/(fan_in + fan_out))     (Keras' default)
//   he_normal       W ~ N(0, 2/fan_in) truncated at 2σ (Keras' variance scaling)
//   he_uniform      W ~ U(−l, l), l = √(6/fan_in)
//   zeros, ones     biases, β; γ
//
// Uniform draws come from std::mt19937_64's raw bits, not from
// std::uniform_real_distribution, so a seed gives the same weights everywhere.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace nn {

enum class Init { GlorotUniform, HeNormal, HeUniform, Zeros, Ones };

std::string init_name(Init i);  // Keras' class names: "GlorotUniform", "HeNormal", …
Init init_from_name(const std::string& name);

// U[0, 1) with 53 bits from one engine call.
inline double uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

template <class T>
void initialize(Init kind, T* w, long n, long fan_in, long fan_out, std::mt19937_64& rng);

// A stateless hash for seeded per-element randomness (dropout masks).
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace nn
