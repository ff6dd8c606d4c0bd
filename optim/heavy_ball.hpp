// optim/heavy_ball.hpp — the course's momentum update, shared by `momentum`
// and `nesterov` (which differ only in where g was taken):
//
//   v ← α·v − ε·g ;  θ ← θ + v
#pragma once

#include "optim/objective.hpp"

namespace optim {

// One pass over θ, v and g (the compiler vectorizes it).
template <class T>
void heavy_ball_update(Vec<T>& theta, Vec<T>& v, const Vec<T>& g, T alpha, T lr) {
  const long n = theta.size();
  T* th = theta.data();
  T* vv = v.data();
  const T* gg = g.data();
  for (long i = 0; i < n; ++i) {
    vv[i] = alpha * vv[i] - lr * gg[i];
    th[i] += vv[i];
  }
}

}  // namespace optim
