#include "nn/pooling.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/keras_config.hpp"

namespace nn {

template <class T>
Pool2D<T>::Pool2D(Kind kind, PoolConfig config) : kind_(kind), config_(config) {
  if (config_.stride_h == 0) config_.stride_h = config_.pool_h;
  if (config_.stride_w == 0) config_.stride_w = config_.pool_w;
}

template <class T>
nlohmann::json Pool2D<T>::get_config() const {
  const auto& k = config_;
  return {{"pool_size", {k.pool_h, k.pool_w}},
          {"padding", padding_name(k.padding)},
          {"strides", {k.stride_h, k.stride_w}},
          {"data_format", "channels_last"}};
}

template <class T>
std::unique_ptr<Layer<T>> Pool2D<T>::from_config(const KerasConfig& c) {
  c.require_channels_last();
  PoolConfig k;
  std::tie(k.pool_h, k.pool_w) = c.pair("pool_size", {2, 2});
  std::tie(k.stride_h, k.stride_w) = c.pair("strides", {k.pool_h, k.pool_w});
  k.padding = padding_from_config(c);
  return std::make_unique<Pool2D<T>>(c.class_name() == "MaxPooling2D" ? Kind::Max : Kind::Average, k);
}

template <class T>
Shape Pool2D<T>::infer(const Shape& input) {
  if (input.rank != 3)
    throw std::invalid_argument(class_name() + " needs an image input (H, W, C), got " + input.str());
  if (config_.pool_h < 1 || config_.pool_w < 1 || config_.stride_h < 1 || config_.stride_w < 1)
    throw std::invalid_argument(class_name() + " needs pool size and strides ≥ 1");
  gy_ = axis_geometry(input.h, config_.pool_h, config_.stride_h, config_.padding);
  gx_ = axis_geometry(input.w, config_.pool_w, config_.stride_w, config_.padding);
  if (gy_.out < 1 || gx_.out < 1)
    throw std::invalid_argument(class_name() + " window is larger than its input " + input.str());
  return Shape::image(gy_.out, gx_.out, input.c);
}

template <class T>
void Pool2D<T>::reserve(long batch, int /*threads*/) {
  if (kind_ == Kind::Max) {
    const std::size_t need = static_cast<std::size_t>(batch * this->output_.size());
    if (argmax_.size() < need) argmax_.resize(need);
  }
}

template <class T>
void Pool2D<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long H = this->input_.h, W = this->input_.w, C = this->input_.c;
  const long Ho = gy_.out, Wo = gx_.out;
  const long ph = config_.pool_h, pw = config_.pool_w, sy = config_.stride_h, sx = config_.stride_w;
  if (tiled_max()) {
    pass.pool->for_slices(batch, [&](int, long b0, long b1) { forward_max2x2(x, y, b0, b1); });
    return;
  }
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    for (long b = b0; b < b1; ++b) {
      const T* img = x + b * H * W * C;
      for (long oy = 0; oy < Ho; ++oy) {
        const long y0 = std::max(oy * sy - gy_.pad_before, 0L);
        const long y1 = std::min(oy * sy - gy_.pad_before + ph, H);
        for (long ox = 0; ox < Wo; ++ox) {
          const long x0 = std::max(ox * sx - gx_.pad_before, 0L);
          const long x1 = std::min(ox * sx - gx_.pad_before + pw, W);
          const long o = ((b * Ho + oy) * Wo + ox) * C;
          T* out = y + o;
          if (kind_ == Kind::Max) {
            std::int32_t* arg = argmax_.data() + o;
            const long first = (y0 * W + x0) * C;
            for (long c = 0; c < C; ++c) out[c] = img[first + c], arg[c] = static_cast<std::int32_t>(first + c);
            for (long iy = y0; iy < y1; ++iy)
              for (long ix = x0; ix < x1; ++ix) {
                const long base = (iy * W + ix) * C;
                for (long c = 0; c < C; ++c)
                  if (img[base + c] > out[c]) out[c] = img[base + c], arg[c] = static_cast<std::int32_t>(base + c);
              }
          } else {
            std::fill(out, out + C, T(0));
            for (long iy = y0; iy < y1; ++iy)
              for (long ix = x0; ix < x1; ++ix) {
                const T* in = img + (iy * W + ix) * C;
                for (long c = 0; c < C; ++c) out[c] += in[c];
              }
            const T inv = T(1) / static_cast<T>((y1 - y0) * (x1 - x0));
            for (long c = 0; c < C; ++c) out[c] *= inv;
          }
        }
      }
    }
  });
}

template <class T>
void Pool2D<T>::backward(const T* /*x*/, const T* y, T* dy, T* dx, long batch, const Pass& pass) {
  if (!dx) return;
  const long H = this->input_.h, W = this->input_.w, C = this->input_.c;
  const long Ho = gy_.out, Wo = gx_.out;
  const long ph = config_.pool_h, pw = config_.pool_w, sy = config_.stride_h, sx = config_.stride_w;
  if (tiled_max()) {
    pass.pool->for_slices(batch,
                          [&](int, long b0, long b1) { backward_max2x2(y, dy, dx, b0, b1, pass.relu_grad_of_input); });
    return;
  }
  pass.pool->for_slices(batch, [&](int, long b0, long b1) {
    if (b1 <= b0) return;
    std::fill(dx + b0 * H * W * C, dx + b1 * H * W * C, T(0));
    for (long b = b0; b < b1; ++b) {
      T* img = dx + b * H * W * C;
      if (kind_ == Kind::Max) {
        const long n = Ho * Wo * C, o = b * n;
        for (long i = 0; i < n; ++i)
          if (!pass.relu_grad_of_input || y[o + i] > T(0)) img[argmax_[static_cast<std::size_t>(o + i)]] += dy[o + i];
        continue;
      }
      for (long oy = 0; oy < Ho; ++oy) {
        const long y0 = std::max(oy * sy - gy_.pad_before, 0L);
        const long y1 = std::min(oy * sy - gy_.pad_before + ph, H);
        for (long ox = 0; ox < Wo; ++ox) {
          const long x0 = std::max(ox * sx - gx_.pad_before, 0L);
          const long x1 = std::min(ox * sx - gx_.pad_before + pw, W);
          const T* g = dy + ((b * Ho + oy) * Wo + ox) * C;
          const T inv = T(1) / static_cast<T>((y1 - y0) * (x1 - x0));
          for (long iy = y0; iy < y1; ++iy)
            for (long ix = x0; ix < x1; ++ix) {
              T* d = img + (iy * W + ix) * C;
              for (long c = 0; c < C; ++c) d[c] += g[c] * inv;
            }
        }
      }
    }
  });
}

// The reference CNN's case: 2×2 windows, stride 2, valid. Each input cell lies
// in at most one window, so backward writes every cell of δx once (no
// clearing pass), and forward keeps the winner's index per channel.
template <class T>
bool Pool2D<T>::tiled_max() const {
  return kind_ == Kind::Max && config_.pool_h == 2 && config_.pool_w == 2 && config_.stride_h == 2 &&
         config_.stride_w == 2 && config_.padding == Padding::Valid;
}

template <class T>
void Pool2D<T>::forward_max2x2(const T* x, T* y, long b0, long b1) {
  const long H = this->input_.h, W = this->input_.w, C = this->input_.c, Ho = gy_.out, Wo = gx_.out;
  for (long b = b0; b < b1; ++b) {
    const T* img = x + b * H * W * C;
    for (long oy = 0; oy < Ho; ++oy)
      for (long ox = 0; ox < Wo; ++ox) {
        const long i00 = (2 * oy * W + 2 * ox) * C, i01 = i00 + C, i10 = i00 + W * C, i11 = i10 + C;
        const long o = ((b * Ho + oy) * Wo + ox) * C;
        T* out = y + o;
        std::int32_t* arg = argmax_.data() + o;
        for (long c = 0; c < C; ++c) {
          T m = img[i00 + c];
          std::int32_t k = static_cast<std::int32_t>(i00 + c);
          if (img[i01 + c] > m) m = img[i01 + c], k = static_cast<std::int32_t>(i01 + c);
          if (img[i10 + c] > m) m = img[i10 + c], k = static_cast<std::int32_t>(i10 + c);
          if (img[i11 + c] > m) m = img[i11 + c], k = static_cast<std::int32_t>(i11 + c);
          out[c] = m;
          arg[c] = k;
        }
      }
  }
}

namespace {
// One window row of backward_max2x2: each of the 2×2 cells at i00 gets δy
// where it won, else 0 (times [y > 0] when Relu). Branch-free and restrict,
// so that it vectorizes over the channels.
template <bool Relu, class T>
void scatter_2x2(const std::int32_t* __restrict arg, const T* __restrict g, const T* __restrict y, T* __restrict img,
                 long i00, long row, long C) {
  const long i01 = i00 + C, i10 = i00 + row, i11 = i10 + C;
  for (long c = 0; c < C; ++c) {
    const std::int32_t k = arg[c];
    T v = g[c];
    if constexpr (Relu) v = y[c] > T(0) ? v : T(0);
    img[i00 + c] = k == i00 + c ? v : T(0);
    img[i01 + c] = k == i01 + c ? v : T(0);
    img[i10 + c] = k == i10 + c ? v : T(0);
    img[i11 + c] = k == i11 + c ? v : T(0);
  }
}
}  // namespace

template <class T>
void Pool2D<T>::backward_max2x2(const T* y, const T* dy, T* dx, long b0, long b1, bool relu_grad) {
  const long H = this->input_.h, W = this->input_.w, C = this->input_.c, Ho = gy_.out, Wo = gx_.out;
  for (long b = b0; b < b1; ++b) {
    T* img = dx + b * H * W * C;
    // Rows and columns past the last window (odd sizes) get no gradient.
    if (2 * Ho < H) std::fill(img + 2 * Ho * W * C, img + H * W * C, T(0));
    for (long oy = 0; oy < Ho; ++oy) {
      if (2 * Wo < W)
        for (long r = 2 * oy; r < 2 * oy + 2; ++r) std::fill(img + (r * W + 2 * Wo) * C, img + (r + 1) * W * C, T(0));
      for (long ox = 0; ox < Wo; ++ox) {
        const long i00 = (2 * oy * W + 2 * ox) * C;
        const long o = ((b * Ho + oy) * Wo + ox) * C;
        const std::int32_t* arg = argmax_.data() + o;
        if (relu_grad)
          scatter_2x2<true>(arg, dy + o, y + o, img, i00, W * C, C);
        else
          scatter_2x2<false>(arg, dy + o, y + o, img, i00, W * C, C);
      }
    }
  }
}

template class Pool2D<float>;
template class Pool2D<double>;

}  // namespace nn
