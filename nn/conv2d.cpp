#include "nn/conv2d.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "nn/eigen_maps.hpp"
#include "nn/keras_config.hpp"
#include "nn/limits.hpp"

namespace nn {

AxisGeometry axis_geometry(long in, long kernel, long stride, Padding padding) {
  AxisGeometry g;
  if (padding == Padding::Valid) {
    g.out = in >= kernel ? (in - kernel) / stride + 1 : 0;
  } else {
    g.out = (in + stride - 1) / stride;
    const long total = std::max((g.out - 1) * stride + kernel - in, 0L);
    g.pad_before = total / 2;
  }
  return g;
}

std::string padding_name(Padding padding) {
  return padding == Padding::Valid ? "valid" : "same";
}

Padding padding_from_config(const KerasConfig& c) {
  const std::string p = c.get<std::string>("padding", "valid");
  if (p == "valid") return Padding::Valid;
  if (p == "same") return Padding::Same;
  c.fail("padding must be 'valid' or 'same', got '" + p + "'");
}

template <class T>
nlohmann::json Conv2D<T>::get_config() const {
  const auto& k = config_;
  nlohmann::json c = {{"filters", k.filters},
                      {"kernel_size", {k.kernel_h, k.kernel_w}},
                      {"strides", {k.stride_h, k.stride_w}},
                      {"padding", padding_name(k.padding)},
                      {"data_format", "channels_last"},
                      {"dilation_rate", {1, 1}},
                      {"groups", 1}};
  write_kernel_fields(c, k);
  return c;
}

template <class T>
std::unique_ptr<Layer<T>> Conv2D<T>::from_config(const KerasConfig& c) {
  c.require_channels_last();
  if (c.pair("dilation_rate", {1, 1}) != std::pair<long, long>{1, 1} || c.count("groups", 1, limits::kMaxWidth) != 1)
    c.fail("dilation and groups are not supported");
  Conv2DConfig k{.filters = c.count("filters", 0, limits::kMaxWidth)};
  std::tie(k.kernel_h, k.kernel_w) = c.pair("kernel_size", {0, 0});
  std::tie(k.stride_h, k.stride_w) = c.pair("strides", {1, 1});
  k.padding = padding_from_config(c);
  read_kernel_fields(c, k);
  return std::make_unique<Conv2D<T>>(k);
}

template <class T>
Shape Conv2D<T>::infer(const Shape& input) {
  const auto& c = config_;
  if (input.rank != 3) throw std::invalid_argument("Conv2D needs an image input (H, W, C), got " + input.str());
  if (c.filters < 1 || c.kernel_h < 1 || c.kernel_w < 1 || c.stride_h < 1 || c.stride_w < 1)
    throw std::invalid_argument("Conv2D needs filters, kernel size and strides ≥ 1");
  gy_ = axis_geometry(input.h, c.kernel_h, c.stride_h, c.padding);
  gx_ = axis_geometry(input.w, c.kernel_w, c.stride_w, c.padding);
  if (gy_.out < 1 || gx_.out < 1)
    throw std::invalid_argument("Conv2D kernel " + std::to_string(c.kernel_h) + "x" + std::to_string(c.kernel_w) +
                                " is larger than its input " + input.str());
  return Shape::image(gy_.out, gx_.out, c.filters);
}

template <class T>
std::vector<ParamInfo> Conv2D<T>::param_info() const {
  const auto& c = config_;
  const long ch = this->input_.c, k = c.kernel_h * c.kernel_w * ch, f = c.filters;
  std::vector<ParamInfo> p;
  p.push_back({.name = "kernel",
               .rows = f,
               .cols = k,
               .keras_shape = {c.kernel_h, c.kernel_w, ch, f},
               .transposed = true,
               .init = c.kernel_initializer,
               .fan_in = k,
               .fan_out = c.kernel_h * c.kernel_w * f,
               .l1 = c.l1,
               .l2 = c.l2});
  if (c.use_bias)
    p.push_back(
        {.name = "bias", .rows = 1, .cols = f, .keras_shape = {f}, .init = Init::Zeros, .fan_in = k, .fan_out = f});
  return p;
}

template <class T>
void Conv2D<T>::reserve(long batch, int threads) {
  const long per = (batch + threads - 1) / threads;
  const std::size_t need =
      static_cast<std::size_t>(per * gy_.out * gx_.out * config_.kernel_h * config_.kernel_w * this->input_.c);
  col_.resize(static_cast<std::size_t>(threads));
  dcol_.resize(static_cast<std::size_t>(threads));
  for (auto& v : col_)
    if (v.size() < need) v.resize(need);
  for (auto& v : dcol_)
    if (v.size() < need) v.resize(need);
}

// col (n·Ho·Wo, K) from images x (n, H, W, C).
template <class T>
void Conv2D<T>::im2col(const T* x, long n, T* col) const {
  const long H = this->input_.h, W = this->input_.w, C = this->input_.c;
  const long kh = config_.kernel_h, kw = config_.kernel_w, sy = config_.stride_h, sx = config_.stride_w;
  const long Ho = gy_.out, Wo = gx_.out, K = kh * kw * C, run = kw * C;
  for (long b = 0; b < n; ++b) {
    const T* img = x + b * H * W * C;
    for (long oy = 0; oy < Ho; ++oy) {
      for (long ox = 0; ox < Wo; ++ox) {
        T* row = col + ((b * Ho + oy) * Wo + ox) * K;
        const long x0 = ox * sx - gx_.pad_before;
        for (long i = 0; i < kh; ++i, row += run) {
          const long iy = oy * sy - gy_.pad_before + i;
          if (iy < 0 || iy >= H) {
            std::fill(row, row + run, T(0));
          } else if (x0 >= 0 && x0 + kw <= W) {
            const T* src = img + (iy * W + x0) * C;
            if (run <= 16)  // a first layer's few pixels: a call to memcpy would cost more than the copy
              for (long j = 0; j < run; ++j) row[j] = src[j];
            else
              std::memcpy(row, src, sizeof(T) * static_cast<std::size_t>(run));
          } else {
            for (long j = 0; j < kw; ++j) {
              const long ix = x0 + j;
              if (ix < 0 || ix >= W)
                std::fill(row + j * C, row + (j + 1) * C, T(0));
              else
                std::memcpy(row + j * C, img + (iy * W + ix) * C, sizeof(T) * static_cast<std::size_t>(C));
            }
          }
        }
      }
    }
  }
}

// dx (n, H, W, C) = Σ of δcol's patches put back where they came from.
template <class T>
void Conv2D<T>::col2im(const T* dcol, long n, T* dx) const {
  const long H = this->input_.h, W = this->input_.w, C = this->input_.c;
  const long kh = config_.kernel_h, kw = config_.kernel_w, sy = config_.stride_h, sx = config_.stride_w;
  const long Ho = gy_.out, Wo = gx_.out, K = kh * kw * C;
  std::fill(dx, dx + n * H * W * C, T(0));
  for (long b = 0; b < n; ++b) {
    T* img = dx + b * H * W * C;
    for (long oy = 0; oy < Ho; ++oy) {
      for (long ox = 0; ox < Wo; ++ox) {
        const T* row = dcol + ((b * Ho + oy) * Wo + ox) * K;
        const long x0 = ox * sx - gx_.pad_before;
        for (long i = 0; i < kh; ++i) {
          const long iy = oy * sy - gy_.pad_before + i;
          if (iy < 0 || iy >= H) continue;
          for (long j = 0; j < kw; ++j) {
            const long ix = x0 + j;
            if (ix < 0 || ix >= W) continue;
            T* dst = img + (iy * W + ix) * C;
            const T* src = row + (i * kw + j) * C;
            for (long c = 0; c < C; ++c) dst[c] += src[c];
          }
        }
      }
    }
  }
}

template <class T>
void Conv2D<T>::forward(const T* x, T* y, long batch, const Pass& pass) {
  const long in_size = this->input_.size(), P = gy_.out * gx_.out, F = config_.filters;
  const long K = config_.kernel_h * config_.kernel_w * this->input_.c;
  CMapR<T> Wt(this->theta_, F, K);
  pass.pool->for_slices(batch, [&](int t, long b0, long b1) {
    if (b1 <= b0) return;
    const long n = b1 - b0;
    T* col = col_[static_cast<std::size_t>(t)].data();
    im2col(x + b0 * in_size, n, col);
    MapR<T> Y(y + b0 * P * F, n * P, F);
    Y.noalias() = CMapR<T>(col, n * P, K) * Wt.transpose();
    add_bias_activate(config_.activation, Y.data(), config_.use_bias ? this->theta_ + F * K : nullptr, n * P, F);
  });
}

template <class T>
void Conv2D<T>::backward(const T* /*x*/, const T* y, T* dy, T* dx, long batch, const Pass& pass) {
  const long in_size = this->input_.size(), P = gy_.out * gx_.out, F = config_.filters;
  const long K = config_.kernel_h * config_.kernel_w * this->input_.c;
  CMapR<T> Wt(this->theta_, F, K);
  pass.pool->for_slices(batch, [&](int t, long b0, long b1) {
    if (b1 <= b0) return;
    const long n = b1 - b0;
    const std::size_t ti = static_cast<std::size_t>(t);
    if (!pass.relu_grad_by_next) activate_backward(config_.activation, y + b0 * P * F, dy + b0 * P * F, n * P, F);
    MapR<T> dZ(dy + b0 * P * F, n * P, F);
    CMapR<T> col(col_[ti].data(), n * P, K);
    MapR<T>(this->grads_[ti], F, K).noalias() += dZ.transpose() * col;
    if (config_.use_bias) add_column_sums(dZ.data(), n * P, F, this->grads_[ti] + F * K);
    if (dx) {
      MapR<T> dcol(dcol_[ti].data(), n * P, K);
      dcol.noalias() = dZ * Wt;
      col2im(dcol.data(), n, dx + b0 * in_size);
    }
  });
}

template class Conv2D<float>;
template class Conv2D<double>;

}  // namespace nn
