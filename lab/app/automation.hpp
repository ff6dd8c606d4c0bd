// lab/app/automation.hpp — what the window does for scripts and tests rather
// than for a person at the screen.
//
//   FrameBench     --bench-frames: the CPU time of each frame, ImGui's build and the GL submit
//   FramesExport   File > PNG sequence / GIF and --gif: one frame drawn per recorded step
//   ActionLog      --log-actions: the cursor, the CNN run's status, and the layout log
//                  ("widget NAME x0 y0 x1 y1" for every named widget that moved);
//                  each second the frames' work time ("frame-ms FRAMES MEAN MAX"), and
//                  the runners that show NaN/Inf without being marked diverged
//                  ("unflagged-diverged IDS", "-" for none) and how many are marked
//                  ("flagged-runners N"): what the soak test checks
//   print_screenshot_facts  what --screenshot prints after its PNG
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/app/png_io.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/app/ui_state.hpp"
#include "lab/model/cnn_session.hpp"
#include "lab/model/experiment.hpp"

namespace lab::app {

class FrameBench {
 public:
  explicit FrameBench(int frames) : frames_(frames) {}
  // One frame's times in ms: building it (update and ImGui), that plus the
  // GL submit, and that plus the driver finishing it (glFinish: where a
  // software rasterizer such as Xvfb's llvmpipe spends its time).
  void record(double build_ms, double submit_ms, double finish_ms);
  bool done() const { return static_cast<int>(frame_ms_.size()) >= frames_; }
  void report(const model::Experiment& e, int width, int height) const;

 private:
  int frames_;
  int skipped_ = 0;  // the first frames warm caches and build the field
  std::vector<double> build_ms_, submit_ms_, frame_ms_;
};

// The frame's vertex and index counts, and the windows that drew the most
// vertices: what a software rasterizer's time goes with.
void print_draw_counts(const ImDrawData& frame);

class FramesExport {
 public:
  // Seeks the experiment to step 0; the frames then run to its cursor, at
  // most `max_frames` of them (a stride when there are more steps).
  FramesExport(std::string dir, bool gif, bool half_size, model::Experiment& e);
  // Takes the frame just drawn and seeks to the next step. Returns the
  // message to show once the last frame is written, else nullopt. Throws on
  // a failed write, after seeking back to where the export started.
  std::optional<std::string> take(const Image& frame, model::Experiment& e);

 private:
  std::string dir_;
  bool gif_, half_;
  std::int64_t next_ = 0, last_ = 0, stride_ = 1, restore_ = 0;
  int written_ = 0;
  std::vector<Image> frames_;
};

class ActionLog {
 public:
  // Prints what changed since the last frame, and flushes.
  void after_frame(const UiState& ui, const model::Experiment& e, const SurfaceView& surface,
                   const model::CnnSnapshot& cnn);
  // One frame's work in ms, by phase (not waiting for events), at time `now`
  // (s). Prints the last second's count, mean and max ("frame-ms N MEAN MAX"),
  // and each frame of 50 ms or more on its own line with its phases and the
  // wall clock ("slow-frame UNIX_S MS update U build B render R swap S
  // commands C"), so that a script can find what made it slow.
  struct FramePhases {
    double update = 0, build = 0, render = 0, swap = 0, commands = 0;
    double total() const { return update + build + render + swap + commands; }
  };
  void record_frame(const FramePhases& ms, double now);

 private:
  double frames_since_ = -1;  // when the current second began
  int frames_ = 0;
  double frame_sum_ = 0, frame_max_ = 0;
  std::int64_t cursor_ = -1;
  std::string where_;
  std::optional<model::CnnStatus> cnn_status_;
  std::map<std::string, WidgetRect> widgets_;
  std::map<std::string, std::string> facts_;
};

// "capture-windows NAME …": the windows an export's frame drew (no menus, no popups).
void log_capture_windows(const ImDrawData& data);
// The layout log of the last frame: "widget NAME x0 y0 x1 y1" and "NAME VALUE" facts.
void print_layout(const UiState& ui);
void print_cnn_facts(const model::CnnSnapshot& snap);
void print_surface_facts(const model::Experiment& e, const SurfaceView& surface);

}  // namespace lab::app
