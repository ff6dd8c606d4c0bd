// lab/app/app.hpp — the lab's window: GLFW + OpenGL 3 + Dear ImGui.
//
// run_app opens the window, shows the experiment and runs until closed. With
// `screenshot` it renders a few frames, writes the PNG and returns; with
// `bench_frames` it times that many frames of a heavy race and prints the
// median CPU time per frame. Without a display it prints where to go
// instead (xvfb-run, the headless subcommands) and returns 1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/model/cnn_session.hpp"

namespace lab::app {

struct AppOptions {
  std::string preset = "default";
  std::string load;                   // an experiment JSON instead of a preset
  std::optional<std::int64_t> steps;  // seek here before the first frame
  std::string screenshot;             // write a PNG after a few frames and exit
  int width = 1600, height = 900;
  float scale = 1.0f;
  bool view_3d = false;
  int bench_frames = 0;      // > 0: the frame benchmark
  bool log_actions = false;  // print the cursor and key widgets' positions (UI tests)
  int select = 0;            // the runner the inspector shows (index)
  std::string gif_dir;       // export the animation (step 0 … steps) as DIR/animation.gif and exit
  bool cnn = false;          // open on the CNN trainer
  bool cnn_train = false;    // and start training at once
  model::CnnConfig cnn_config;
  std::vector<std::string> cnn_then;  // with cnn_train: more optimizers to train after it, one by one
};

// Returns the process exit code.
int run_app(const AppOptions& options);

}  // namespace lab::app
