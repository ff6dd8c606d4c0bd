#include "lab/app/automation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "lab/model/legend.hpp"
#include "lab/model/palette.hpp"

namespace lab::app {

// [SECTION] FrameBench ---------------------------------------------------------

void FrameBench::record(double build_ms, double submit_ms, double finish_ms) {
  if (skipped_ < 5) {
    ++skipped_;
    return;
  }
  build_ms_.push_back(build_ms);
  submit_ms_.push_back(submit_ms);
  frame_ms_.push_back(finish_ms);
}

namespace {

// The pixels a list's triangles cover, each triangle's area scaled by the
// share of its bounding box inside its clip rectangle: without a GPU, the
// rasterizer's time goes with this (the window's size counted once per
// layer drawn over it).
double covered_pixels(const ImDrawList& list) {
  double sum = 0;
  for (const ImDrawCmd& c : list.CmdBuffer) {
    if (c.UserCallback) continue;
    for (unsigned int k = c.IdxOffset; k + 2 < c.IdxOffset + c.ElemCount; k += 3) {
      const ImVec2& a = list.VtxBuffer[static_cast<int>(c.VtxOffset + list.IdxBuffer[static_cast<int>(k)])].pos;
      const ImVec2& b = list.VtxBuffer[static_cast<int>(c.VtxOffset + list.IdxBuffer[static_cast<int>(k + 1)])].pos;
      const ImVec2& d = list.VtxBuffer[static_cast<int>(c.VtxOffset + list.IdxBuffer[static_cast<int>(k + 2)])].pos;
      const double area = 0.5 * std::abs((b.x - a.x) * (d.y - a.y) - (d.x - a.x) * (b.y - a.y));
      const double x0 = std::min({a.x, b.x, d.x}), x1 = std::max({a.x, b.x, d.x});
      const double y0 = std::min({a.y, b.y, d.y}), y1 = std::max({a.y, b.y, d.y});
      const double box = (x1 - x0) * (y1 - y0);
      if (box <= 0) continue;
      const double w = std::min<double>(x1, c.ClipRect.z) - std::max<double>(x0, c.ClipRect.x);
      const double h = std::min<double>(y1, c.ClipRect.w) - std::max<double>(y0, c.ClipRect.y);
      if (w > 0 && h > 0) sum += area * (w * h / box);
    }
  }
  return sum;
}

}  // namespace

void print_draw_counts(const ImDrawData& frame) {
  double covered = 0;
  std::vector<std::tuple<int, double, std::string>> lists;
  for (int i = 0; i < frame.CmdListsCount; ++i) {
    const ImDrawList& list = *frame.CmdLists[i];
    const double pixels = covered_pixels(list);
    covered += pixels;
    lists.emplace_back(list.VtxBuffer.Size, pixels, list._OwnerName ? list._OwnerName : "?");
  }
  const double window = static_cast<double>(frame.DisplaySize.x) * frame.DisplaySize.y;
  std::printf("last frame: %d vertices, %d indices; triangles cover %.2f Mpx, %.2fx the window\n", frame.TotalVtxCount,
              frame.TotalIdxCount, covered / 1e6, window > 0 ? covered / window : 0.0);
  std::sort(lists.begin(), lists.end(), std::greater<>());
  for (std::size_t i = 0; i < lists.size() && i < 8; ++i)
    std::printf("  %7d vertices %6.3f Mpx  %s\n", std::get<0>(lists[i]), std::get<1>(lists[i]) / 1e6,
                std::get<2>(lists[i]).c_str());
}

void FrameBench::report(const model::Experiment& e, int width, int height) const {
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  std::size_t steps = 0;
  for (const auto& r : e.runners()) steps += static_cast<std::size_t>(r.head());
  std::printf("bench-frames: %zu frames at %dx%d, %zu optimizers, %zu recorded steps in all (cursor %lld)\n",
              frame_ms_.size(), width, height, e.runners().size(), steps, static_cast<long long>(e.cursor()));
  std::printf("median time per frame: %.3f ms (ImGui build %.3f ms + GL submit %.3f ms + GL finish %.3f ms)\n",
              median(frame_ms_), median(build_ms_), median(submit_ms_) - median(build_ms_),
              median(frame_ms_) - median(submit_ms_));
}

// [SECTION] FramesExport -------------------------------------------------------

FramesExport::FramesExport(std::string dir, bool gif, bool half_size, model::Experiment& e)
    : dir_(std::move(dir)), gif_(gif), half_(half_size) {
  std::filesystem::create_directories(dir_);
  last_ = e.cursor();
  restore_ = e.cursor();
  // A full-size GIF keeps every frame in memory until it is encoded: fewer of them.
  const std::int64_t max_frames = gif_ && !half_ ? 100 : 200;
  stride_ = std::max<std::int64_t>(1, (last_ + max_frames - 1) / max_frames);
  e.seek(0);
}

std::optional<std::string> FramesExport::take(const Image& frame, model::Experiment& e) {
  try {
    if (gif_) {
      frames_.push_back(half_ ? half_size(frame) : frame);
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "frame_%05d.png", written_);
      write_png(frame, (std::filesystem::path(dir_) / name).string());
    }
    ++written_;
    next_ += stride_;
    if (next_ > last_ && next_ - stride_ < last_) next_ = last_;  // end on the last step
    if (next_ <= last_) {
      e.seek(next_);
      return std::nullopt;
    }
    std::string message;
    if (gif_) {
      const std::string path = (std::filesystem::path(dir_) / "animation.gif").string();
      write_gif(frames_, 8, path);
      message = "wrote " + path + " (" + std::to_string(written_) + " frames, " + std::to_string(frames_[0].width) +
                "×" + std::to_string(frames_[0].height) + ")";
    } else {
      message = "wrote " + std::to_string(written_) + " frames to " + dir_;
    }
    e.seek(restore_);
    return message;
  } catch (...) {
    e.seek(restore_);
    throw;
  }
}

// [SECTION] ActionLog ----------------------------------------------------------

void ActionLog::after_frame(const UiState& ui, const model::Experiment& e, const SurfaceView& surface,
                            const model::CnnSnapshot& cnn) {
  for (const WidgetRect& w : ui.widgets) {
    auto [it, inserted] = widgets_.try_emplace(w.name, w);
    if (!inserted && it->second == w) continue;
    it->second = w;
    std::printf("widget %s %.0f %.0f %.0f %.0f\n", w.name.c_str(), w.x0, w.y0, w.x1, w.y1);
  }
  for (const auto& [name, value] : ui.facts) {
    auto [it, inserted] = facts_.try_emplace(name, value);
    if (!inserted && it->second == value) continue;
    it->second = value;
    std::printf("%s %s\n", name.c_str(), value.c_str());
  }
  // Every runner showing a non-finite point or value (up to the cursor) is marked.
  if (ui.mode == Mode::Surfaces) {
    std::string unflagged;
    for (const model::Runner& r : e.runners()) {
      if (std::find(ui.flagged_runners.begin(), ui.flagged_runners.end(), r.id()) != ui.flagged_runners.end()) continue;
      const std::int64_t shown = std::min(e.cursor(), r.head());
      for (std::int64_t k = 0; k <= shown; ++k) {
        const model::StepRecord& s = r.history()[static_cast<std::size_t>(k)];
        if (!std::isfinite(s.theta.x()) || !std::isfinite(s.theta.y()) || !std::isfinite(s.f)) {
          if (!unflagged.empty()) unflagged += ',';
          unflagged += std::to_string(r.id());
          break;
        }
      }
    }
    const std::pair<const char*, std::string> checked[] = {
        {"unflagged-diverged", unflagged.empty() ? "-" : unflagged},
        {"flagged-runners", std::to_string(ui.flagged_runners.size())}};  // the check had something to check
    for (const auto& [name, value] : checked) {
      auto [it, inserted] = facts_.try_emplace(name, value);
      if (!inserted && it->second == value) continue;
      it->second = value;
      std::printf("%s %s\n", name, value.c_str());
    }
  }
  if (ui.mode == Mode::Cnn && cnn.status != cnn_status_) {
    cnn_status_ = cnn.status;
    print_cnn_facts(cnn);
  }
  // The surface canvas, the view and the start: what the mouse changes.
  const ImVec2 c0 = surface.canvas_min(), c1 = surface.canvas_max();
  const scenes::View& v = e.view();
  // A network's θ₀ is no point of the canvas: (0, 0) stands in for it.
  const Eigen::Vector2d st =
      e.network() == nullptr ? Eigen::Vector2d(e.start()[0], e.start()[1]) : Eigen::Vector2d(0, 0);
  const ImVec2 k0 = surface.caption_min(), k1 = surface.caption_max();
  char where[320];
  std::snprintf(where, sizeof where,
                "canvas %.0f %.0f %.0f %.0f|view %.9g %.9g %.9g %.9g|start %.9g %.9g|caption %.0f %.0f %.0f %.0f", c0.x,
                c0.y, c1.x, c1.y, v.x_min, v.x_max, v.y_min, v.y_max, st.x(), st.y(), k0.x, k0.y, k1.x, k1.y);
  if (ui.mode == Mode::Surfaces && c1.x > c0.x && where_ != where) {
    where_ = where;
    // Before the canvas: scripts read the canvas as the last widget line.
    std::printf("widget caption %.0f %.0f %.0f %.0f\n", k0.x, k0.y, k1.x, k1.y);
    std::printf("widget surface-canvas %.0f %.0f %.0f %.0f\n", c0.x, c0.y, c1.x, c1.y);
    std::printf("view %.9g %.9g %.9g %.9g\n", v.x_min, v.x_max, v.y_min, v.y_max);
    std::printf("start %.9g %.9g\n", st.x(), st.y());
  }
  if (e.cursor() != cursor_) {
    cursor_ = e.cursor();
    std::printf("cursor %lld\n", static_cast<long long>(cursor_));
  }
  std::fflush(stdout);
}

void ActionLog::record_frame(const FramePhases& phases, double now) {
  const double ms = phases.total();
  if (ms >= 50) {
    const double wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::printf("slow-frame %.3f %.1f update %.1f build %.1f render %.1f swap %.1f commands %.1f\n", wall, ms,
                phases.update, phases.build, phases.render, phases.swap, phases.commands);
  }
  if (frames_since_ < 0) frames_since_ = now;
  ++frames_;
  frame_sum_ += ms;
  frame_max_ = std::max(frame_max_, ms);
  if (now - frames_since_ < 1.0) return;
  std::printf("frame-ms %d %.2f %.2f\n", frames_, frame_sum_ / frames_, frame_max_);
  std::fflush(stdout);
  frames_since_ = now;
  frames_ = 0;
  frame_sum_ = frame_max_ = 0;
}

// [SECTION] facts printed with a screenshot ------------------------------------

void log_capture_windows(const ImDrawData& data) {
  std::string names;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    if (list.VtxBuffer.Size == 0 || !list._OwnerName) continue;
    std::string name = list._OwnerName;
    for (char& c : name)
      if (c == ' ') c = '_';
    names += " " + name;
  }
  std::printf("capture-windows%s\n", names.c_str());
  std::fflush(stdout);
}

void print_layout(const UiState& ui) {
  for (const WidgetRect& w : ui.widgets)
    std::printf("widget %s %.0f %.0f %.0f %.0f\n", w.name.c_str(), w.x0, w.y0, w.x1, w.y1);
  for (const auto& [name, value] : ui.facts) std::printf("%s %s\n", name.c_str(), value.c_str());
}

void print_cnn_facts(const model::CnnSnapshot& snap) {
  std::printf("cnn-status %s\n", model::status_name(snap.status));
  if (snap.test) std::printf("cnn-test-accuracy %.4f\n", snap.test->accuracy());
  if (snap.status == model::CnnStatus::Failed) std::printf("cnn-error %s\n", snap.message.c_str());
}

void print_surface_facts(const model::Experiment& e, const SurfaceView& surface) {
  std::printf("surface-canvas %.0f %.0f %.0f %.0f\n", surface.canvas_min().x, surface.canvas_min().y,
              surface.canvas_max().x, surface.canvas_max().y);
  std::printf("legend %.0f %.0f %.0f %.0f\n", surface.legend_min().x, surface.legend_min().y, surface.legend_max().x,
              surface.legend_max().y);
  for (const auto& r : e.runners())
    std::printf("runner %s %s %s\n", model::to_hex(r.color).c_str(), r.enabled ? "on" : "off",
                model::runner_name(r, e.cursor()).c_str());
}

}  // namespace lab::app
