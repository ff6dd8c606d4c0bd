// lab/app/app.cpp — the loop: setup, frames, cleanup (ImGui's GLFW/OpenGL3
// example is the model: one comment per block).
//
// [SECTION] window and ImGui setup   [SECTION] one frame: update, then draw
// [SECTION] requests between frames   [SECTION] run_app
#include "lab/app/app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "lab/app/fonts.hpp"
#include "lab/app/panels.hpp"
#include "lab/app/png_io.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/app/ui_state.hpp"
#include "lab/model/experiment_io.hpp"
#include "lab/model/legend.hpp"
#include "lab/model/presets.hpp"

namespace lab::app {

namespace {

std::string g_glfw_error;
void on_glfw_error(int code, const char* text) {
  g_glfw_error = "GLFW error " + std::to_string(code) + ": " + text;
}

constexpr const char* kNoDisplay = "descent: no display to open the lab's window on (DISPLAY is not set).\n";
constexpr const char* kHeadlessHint =
    "  - On a machine without a screen, run it under a virtual one:\n"
    "      xvfb-run -a -s \"-screen 0 1600x900x24\" descent --preset default --steps 200 --screenshot lab.png\n"
    "  - Or use a headless subcommand: descent trace ..., descent bench optim (see descent --help).\n";

// An animation export in progress: one frame per step.
struct SequenceJob {
  std::string dir;
  bool gif = false;
  std::int64_t next = 0, last = 0, stride = 1, restore = 0;
  int written = 0;
  std::vector<Image> frames;
};

class App {
 public:
  App(const AppOptions& o, GLFWwindow* window) : options_(o), window_(window) {}

  int run();

 private:
  void update(double dt);
  void draw_frame();
  void draw_cnn_frame(float top, float W, float H);
  void handle_requests();
  void finish_sequence_frame();
  void log_widgets();

  AppOptions options_;
  GLFWwindow* window_;
  model::Experiment experiment_;
  model::Timeline timeline_;
  model::CommandQueue queue_;
  model::CnnSession cnn_;
  std::vector<std::string> cnn_queue_;  // optimizers still to train (--optimizer a,b,c), in order
  UiState ui_;
  SurfaceView surface_;
  std::optional<SequenceJob> sequence_;
  std::int64_t logged_cursor_ = -1;
  std::string logged_where_;
  model::CnnStatus logged_cnn_status_ = model::CnnStatus::Idle;
  bool logged_widgets_ = false;
  bool gif_failed_ = false;
  // Keys pressed since the last frame. ImGui 1.86 has no input queue: a press
  // and release within one frame (xdotool, fast typists) would be lost.
  std::vector<int> pressed_keys_;
  GLFWkeyfun imgui_key_callback_ = nullptr;

 public:
  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
    if (!app) return;
    if (app->imgui_key_callback_) app->imgui_key_callback_(window, key, scancode, action, mods);
    if (action == GLFW_PRESS || action == GLFW_REPEAT) app->pressed_keys_.push_back(key);
  }
};

// [SECTION] one frame: update, then draw ---------------------------------------

void App::update(double dt) {
  // Playback, then the edits the last frame queued.
  if (!sequence_) {
    const std::int64_t due = timeline_.due(dt);
    if (due > 0) {
      experiment_.seek(experiment_.cursor() + due);
      const bool at_end = experiment_.cursor() >= model::kMaxSteps ||
                          (experiment_.all_stopped() && experiment_.cursor() >= experiment_.recorded_steps());
      if (at_end) timeline_.pause();
    }
  }
  for (std::string& error : queue_.apply_all(experiment_, timeline_)) ui_.error(std::move(error));

  // The selected runner's step, replayed with an Inspection attached.
  ui_.inspected.reset();
  if (!experiment_.runners().empty()) {
    const model::Runner& r = experiment_.runners()[experiment_.selected()];
    const std::int64_t t = std::min(experiment_.cursor(), r.head());
    if (t >= 1 && r.enabled) {
      InspectedStep in;
      in.runner = r.id();
      in.step = t;
      try {
        in.inspection = r.inspect(t, experiment_.surface(), experiment_.scene());
      } catch (const std::exception& bug) {  // a replay that fails is a bug: show it, keep the show going
        ui_.error(std::string("inspecting step ") + std::to_string(t) + ": " + bug.what());
      }
      in.rule = r.rule_at(t - 1);
      ui_.inspected = std::move(in);
    }
  }
}

void App::draw_frame() {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = ui_.scale;
  if (ui_.mode == Mode::Surfaces) handle_timeline_keys(pressed_keys_, queue_);
  draw_menu_bar(experiment_, ui_, queue_);
  const float top = ImGui::GetFrameHeight();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  if (ui_.mode == Mode::Cnn) {
    draw_cnn_frame(top, W, H);
    return;
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float timeline_h = ImGui::GetFrameHeight() + 2 * style.WindowPadding.y + 2 * s;
  const float right_w = std::min(std::clamp(W * 0.36f, 430 * s, 820 * s), W * 0.55f);
  const float left_w = W - right_w;
  const float body_h = H - top - timeline_h;
  const float plots_h = std::max(150 * s, body_h * 0.27f);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(left_w, body_h - plots_h));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("Surface", nullptr,
               fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  surface_.draw(experiment_, ui_, queue_);
  ImGui::End();
  ImGui::PopStyleVar();

  ImGui::SetNextWindowPos(ImVec2(0, top + body_h - plots_h));
  ImGui::SetNextWindowSize(ImVec2(left_w, plots_h));
  ImGui::Begin("Plots", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  draw_plots_panel(experiment_, ui_);
  ImGui::End();

  const float optimizers_h = std::round(body_h * 0.47f);
  ImGui::SetNextWindowPos(ImVec2(left_w, top));
  ImGui::SetNextWindowSize(ImVec2(right_w, optimizers_h));
  ImGui::Begin("Optimizers", nullptr, fixed);
  draw_optimizers_panel(experiment_, ui_, queue_);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(left_w, top + optimizers_h));
  ImGui::SetNextWindowSize(ImVec2(right_w, body_h - optimizers_h));
  ImGui::Begin("Inspector: what happened in this step", nullptr, fixed);
  draw_inspector_panel(experiment_, ui_);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(0, H - timeline_h));
  ImGui::SetNextWindowSize(ImVec2(W, timeline_h));
  ImGui::Begin("Timeline", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  draw_timeline_panel(experiment_, timeline_, ui_, queue_);
  ImGui::End();
}

// The CNN trainer: settings on the left, progress in the middle, results on the right.
void App::draw_cnn_frame(float top, float W, float H) {
  const float s = ui_.scale;
  const model::CnnSnapshot snap = cnn_.snapshot();
  const bool running = snap.status == model::CnnStatus::Loading || snap.status == model::CnnStatus::Training ||
                       snap.status == model::CnnStatus::Paused;
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  const float body_h = H - top;
  auto progress = [&] {
    for (const Message& m : ui_.messages)
      if (m.until >= ui_.now)
        ImGui::TextColored(m.error ? ImVec4(1.0f, 0.45f, 0.4f, 1) : ImVec4(0.5f, 0.9f, 0.6f, 1), "%s", m.text.c_str());
    draw_cnn_progress_panel(snap, ui_);
  };
  // Three columns when there is room at this UI scale; on a large scale (a
  // projector), the setup and a tab each for the progress and the results.
  const bool three = W / s >= 1150;
  const float left_w = std::round(W * (three ? 0.27f : 0.38f));
  const float mid_w = three ? std::round(W * 0.38f) : W - left_w;

  ImGui::SetNextWindowPos(ImVec2(0, top));
  ImGui::SetNextWindowSize(ImVec2(left_w, body_h));
  ImGui::Begin("Training setup", nullptr, fixed);
  draw_cnn_setup_panel(snap, running, ui_);
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(left_w, top));
  ImGui::SetNextWindowSize(ImVec2(mid_w, body_h));
  if (three) {
    ImGui::Begin("Progress", nullptr, fixed);
    progress();
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(left_w + mid_w, top));
    ImGui::SetNextWindowSize(ImVec2(W - left_w - mid_w, body_h));
    ImGui::Begin("Results", nullptr, fixed);
    draw_cnn_results_panel(snap, ui_);
    ImGui::End();
    return;
  }
  ImGui::Begin("Training", nullptr, fixed | ImGuiWindowFlags_NoTitleBar);
  if (ImGui::BeginTabBar("cnn-tabs")) {
    if (ImGui::BeginTabItem("Progress")) {
      ImGui::BeginChild("progress");
      progress();
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Results")) {
      ImGui::BeginChild("results");
      draw_cnn_results_panel(snap, ui_);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

// [SECTION] requests between frames -------------------------------------------

void App::handle_requests() {
  auto attempt = [&](bool& flag, auto&& action) {
    if (!flag) return;
    flag = false;
    try {
      action();
    } catch (const std::exception& e) {
      ui_.error(e.what());
    }
  };
  attempt(ui_.save_experiment, [&] {
    model::save_experiment(experiment_, ui_.experiment_path);
    ui_.info("saved " + ui_.experiment_path);
  });
  attempt(ui_.load_experiment, [&] {
    experiment_ = model::load_experiment(ui_.experiment_path);
    timeline_.pause();
    ui_.info("loaded " + ui_.experiment_path);
  });
  attempt(ui_.export_csv, [&] {
    model::export_csv(experiment_, ui_.csv_path);
    ui_.info("wrote " + ui_.csv_path);
  });
  auto start_sequence = [&](bool gif) {
    std::filesystem::create_directories(ui_.sequence_dir);
    SequenceJob job;
    job.dir = ui_.sequence_dir;
    job.gif = gif;
    job.last = experiment_.cursor();
    job.restore = experiment_.cursor();
    job.stride = std::max<std::int64_t>(1, (job.last + 199) / 200);  // at most ~200 frames
    timeline_.pause();
    sequence_ = std::move(job);
    experiment_.seek(0);
  };
  const CnnRequest cnn = std::exchange(ui_.cnn_request, CnnRequest::None);
  try {
    if (cnn == CnnRequest::Start) cnn_.start(ui_.cnn_draft);
    if (cnn == CnnRequest::Pause) cnn_.pause();
    if (cnn == CnnRequest::Resume) cnn_.resume();
    if (cnn == CnnRequest::Stop) cnn_.stop();
  } catch (const std::exception& e) {
    ui_.error(e.what());
  }
  if (std::exchange(ui_.cnn_clear_earlier, false)) cnn_.clear_earlier();
  if (!cnn_queue_.empty() && !cnn_.running()) {  // the next of --optimizer a,b,c; earlier runs stay to compare
    ui_.cnn_draft.optimizer = cnn_queue_.front();
    cnn_queue_.erase(cnn_queue_.begin());
    try {
      cnn_.start(ui_.cnn_draft);
    } catch (const std::exception& e) {
      ui_.error(e.what());
    }
  }
  attempt(ui_.save_cnn_model, [&] {
    cnn_.save_model(ui_.cnn_model_path);
    ui_.info("saved the model to " + ui_.cnn_model_path);
  });
  attempt(ui_.export_sequence, [&] { start_sequence(false); });
  attempt(ui_.export_gif, [&] { start_sequence(true); });
  if (ui_.requested_fullscreen != ui_.fullscreen) {
    ui_.fullscreen = ui_.requested_fullscreen;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (ui_.fullscreen && mode)
      glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    else
      glfwSetWindowMonitor(window_, nullptr, 40, 40, options_.width, options_.height, 0);
  }
}

void App::finish_sequence_frame() {
  SequenceJob& job = *sequence_;
  int fw, fh;
  glfwGetFramebufferSize(window_, &fw, &fh);
  try {
    Image img = read_framebuffer(fw, fh);
    if (job.gif) {
      job.frames.push_back(half_size(img));
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "frame_%05d.png", job.written);
      write_png(img, (std::filesystem::path(job.dir) / name).string());
    }
    ++job.written;
    job.next += job.stride;
    if (job.next > job.last && job.next - job.stride < job.last) job.next = job.last;  // end on the last step
    if (job.next > job.last) {
      if (job.gif) {
        const std::string path = (std::filesystem::path(job.dir) / "animation.gif").string();
        write_gif(job.frames, 8, path);
        ui_.info("wrote " + path + " (" + std::to_string(job.written) + " frames)");
      } else {
        ui_.info("wrote " + std::to_string(job.written) + " frames to " + job.dir);
      }
      experiment_.seek(job.restore);
      sequence_.reset();
      if (!options_.gif_dir.empty()) {
        std::printf("%s\n", ui_.messages.back().text.c_str());
        ui_.quit = true;
      }
    } else {
      experiment_.seek(job.next);
    }
  } catch (const std::exception& e) {
    ui_.error(e.what());
    experiment_.seek(job.restore);
    sequence_.reset();
    if (!options_.gif_dir.empty()) {
      std::fprintf(stderr, "descent: %s\n", e.what());
      gif_failed_ = true;
      ui_.quit = true;
    }
  }
}

void App::log_widgets() {
  if (!options_.log_actions) return;
  if (!logged_widgets_) {
    logged_widgets_ = true;
    if (ui_.mode == Mode::Cnn)
      std::printf("widget cnn-train %.0f %.0f\nwidget cnn-pause %.0f %.0f\nwidget cnn-stop %.0f %.0f\n",
                  ui_.cnn_train_x, ui_.cnn_train_y, ui_.cnn_pause_x, ui_.cnn_train_y, ui_.cnn_stop_x, ui_.cnn_train_y);
    else
      std::printf("widget step-forward %.0f %.0f\n", ui_.step_forward_x, ui_.step_forward_y);
  }
  const model::CnnSnapshot snap = cnn_.snapshot();
  if (snap.status != logged_cnn_status_) {
    logged_cnn_status_ = snap.status;
    std::printf("cnn-status %s\n", model::status_name(snap.status));
    if (snap.test) std::printf("cnn-test-accuracy %.4f\n", snap.test->accuracy());
    if (snap.status == model::CnnStatus::Failed) std::printf("cnn-error %s\n", snap.message.c_str());
    std::fflush(stdout);
  }
  // The surface canvas, the view and the start: what the mouse changes.
  const ImVec2 c0 = surface_.canvas_min(), c1 = surface_.canvas_max();
  const scenes::View& v = experiment_.view();
  const Eigen::Vector2d& st = experiment_.start();
  const ImVec2 k0 = surface_.caption_min(), k1 = surface_.caption_max();
  char where[320];
  std::snprintf(where, sizeof where,
                "canvas %.0f %.0f %.0f %.0f|view %.9g %.9g %.9g %.9g|start %.9g %.9g|caption %.0f %.0f %.0f %.0f", c0.x,
                c0.y, c1.x, c1.y, v.x_min, v.x_max, v.y_min, v.y_max, st.x(), st.y(), k0.x, k0.y, k1.x, k1.y);
  if (ui_.mode == Mode::Surfaces && c1.x > c0.x && logged_where_ != where) {
    logged_where_ = where;
    // Before the canvas: scripts read the canvas as the last widget line.
    std::printf("widget caption %.0f %.0f %.0f %.0f\n", k0.x, k0.y, k1.x, k1.y);
    std::printf("widget surface-canvas %.0f %.0f %.0f %.0f\n", c0.x, c0.y, c1.x, c1.y);
    std::printf("view %.9g %.9g %.9g %.9g\n", v.x_min, v.x_max, v.y_min, v.y_max);
    std::printf("start %.9g %.9g\n", st.x(), st.y());
    std::fflush(stdout);
  }
  if (experiment_.cursor() != logged_cursor_) {
    logged_cursor_ = experiment_.cursor();
    std::printf("cursor %lld\n", static_cast<long long>(logged_cursor_));
    std::fflush(stdout);
  }
}

// [SECTION] window and ImGui setup, and the loop --------------------------------

int App::run() {
  // The experiment: a saved one, or a preset.
  if (options_.bench_frames > 0)
    experiment_ = model::make_bench_experiment();
  else if (!options_.load.empty())
    experiment_ = model::load_experiment(options_.load);
  else
    experiment_ = model::make_preset_experiment(model::find_preset(options_.preset));
  if (options_.bench_frames > 0)
    experiment_.seek(model::kBenchSteps);
  else if (options_.steps)
    experiment_.seek(*options_.steps);
  else if (options_.load.empty())
    experiment_.seek(model::find_preset(options_.preset).steps);
  if (options_.select > 0) {
    if (static_cast<std::size_t>(options_.select) >= experiment_.runners().size())
      throw std::invalid_argument("--select " + std::to_string(options_.select) + ": there are only " +
                                  std::to_string(experiment_.runners().size()) + " optimizers");
    experiment_.select(static_cast<std::size_t>(options_.select));
  }
  if (!options_.gif_dir.empty()) {
    ui_.sequence_dir = options_.gif_dir;
    ui_.export_gif = true;
  }
  if (options_.cnn) {
    ui_.mode = Mode::Cnn;
    ui_.cnn_draft = options_.cnn_config;
    if (options_.cnn_train) cnn_.start(ui_.cnn_draft);
    cnn_queue_ = options_.cnn_then;
  }
  ui_.scale = ui_.requested_scale = std::clamp(options_.scale, 1.0f, 2.5f);
  ui_.view_3d = options_.view_3d;

  // ImGui with DejaVu fonts at the UI scale.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  // Screenshots and benchmarks ignore wherever the (virtual) pointer rests.
  if (!options_.screenshot.empty() || options_.bench_frames > 0 || !options_.gif_dir.empty())
    io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
  ui_.fonts = load_fonts(ui_.scale, false);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  glfwSetWindowUserPointer(window_, this);
  imgui_key_callback_ = glfwSetKeyCallback(window_, &App::on_key);
  ImGui_ImplOpenGL3_Init("#version 130");

  const bool screenshot = !options_.screenshot.empty();
  const int bench = options_.bench_frames;
  std::vector<double> frame_ms, build_ms;
  int frame = 0;
  auto last = std::chrono::steady_clock::now();
  while (!glfwWindowShouldClose(window_) && !ui_.quit) {
    // The CNN trainer needs no animation: about 15 frames a second (or the next input
    // event) leaves the cores to the training run, even where there is no vsync (Xvfb).
    if (ui_.mode == Mode::Cnn && !bench && (!screenshot || cnn_.running() || !cnn_queue_.empty()))
      glfwWaitEventsTimeout(1.0 / 15);
    else
      glfwPollEvents();
    const auto t0 = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(t0 - last).count();
    last = t0;
    ui_.now = glfwGetTime();

    // Rebuild the font atlas between frames when the UI scale changed.
    if (std::abs(ui_.requested_scale - ui_.scale) > 1e-3f) {
      ui_.scale = std::clamp(ui_.requested_scale, 1.0f, 2.5f);
      ui_.fonts = load_fonts(ui_.scale, true);
    }
    update(screenshot || bench || !options_.gif_dir.empty() ? 0.0 : dt);

    // Build the frame.
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::PushFont(ui_.fonts.text);
    draw_frame();
    ImGui::PopFont();
    for (int key : pressed_keys_) {
      if (key == GLFW_KEY_F11) ui_.requested_fullscreen = !ui_.fullscreen;
      if (key == GLFW_KEY_ESCAPE && !io.WantTextInput) ui_.quit = true;
    }
    pressed_keys_.clear();
    ImGui::Render();
    const auto t1 = std::chrono::steady_clock::now();

    // Render it.
    int fw, fh;
    glfwGetFramebufferSize(window_, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0.08f, 0.08f, 0.1f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    const auto t2 = std::chrono::steady_clock::now();
    ++frame;

    if (bench && frame > 5) {
      build_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      frame_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
      if (static_cast<int>(frame_ms.size()) >= bench) break;
    }
    if (ui_.export_png) {
      ui_.export_png = false;
      try {
        write_png(read_framebuffer(fw, fh), ui_.png_path);
        ui_.info("wrote " + ui_.png_path);
      } catch (const std::exception& e) {
        ui_.error(e.what());
      }
    }
    if (sequence_) finish_sequence_frame();
    // A screenshot of a CNN run waits for its end (the whole test set is evaluated by then).
    if (screenshot && frame >= 4 && !cnn_.running() && cnn_queue_.empty()) {
      write_png(read_framebuffer(fw, fh), options_.screenshot);
      std::printf("wrote %s (%dx%d)\n", options_.screenshot.c_str(), fw, fh);
      if (ui_.mode == Mode::Cnn) {
        const model::CnnSnapshot snap = cnn_.snapshot();
        std::printf("cnn-status %s\n", model::status_name(snap.status));
        if (snap.test) std::printf("cnn-test-accuracy %.4f\n", snap.test->accuracy());
        if (snap.status == model::CnnStatus::Failed) std::printf("cnn-error %s\n", snap.message.c_str());
        break;
      }
      std::printf("surface-canvas %.0f %.0f %.0f %.0f\n", surface_.canvas_min().x, surface_.canvas_min().y,
                  surface_.canvas_max().x, surface_.canvas_max().y);
      std::printf("legend %.0f %.0f %.0f %.0f\n", surface_.legend_min().x, surface_.legend_min().y,
                  surface_.legend_max().x, surface_.legend_max().y);
      for (const auto& r : experiment_.runners())
        std::printf("runner %s %s %s\n", model::to_hex(r.color).c_str(), r.enabled ? "on" : "off",
                    model::runner_name(r, experiment_.cursor()).c_str());
      break;
    }
    glfwSwapBuffers(window_);
    log_widgets();
    handle_requests();
  }

  if (bench) {
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v.empty() ? 0.0 : v[v.size() / 2];
    };
    std::size_t steps = 0;
    for (const auto& r : experiment_.runners()) steps += static_cast<std::size_t>(r.head());
    std::printf("bench-frames: %zu frames at %dx%d, %zu optimizers, %zu recorded steps in all (cursor %lld)\n",
                frame_ms.size(), options_.width, options_.height, experiment_.runners().size(), steps,
                static_cast<long long>(experiment_.cursor()));
    std::printf("median CPU time per frame: %.3f ms (ImGui build %.3f ms + GL submit %.3f ms)\n", median(frame_ms),
                median(build_ms), median(frame_ms) - median(build_ms));
    std::printf("last frame: %d vertices, %d indices\n", io.MetricsRenderVertices, io.MetricsRenderIndices);
  }

  glfwSetKeyCallback(window_, imgui_key_callback_);
  glfwSetWindowUserPointer(window_, nullptr);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return gif_failed_ ? 1 : 0;
}

}  // namespace

// [SECTION] run_app -----------------------------------------------------------

int run_app(const AppOptions& options) {
  // The experiment is checked before any window opens: a bad preset or file
  // is a usage problem, not a display one.
  if (options.load.empty())
    model::find_preset(options.preset);
  else
    model::load_experiment(options.load);

  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) {
    std::fputs(kNoDisplay, stderr);
    std::fputs(kHeadlessHint, stderr);
    return 1;
  }
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "descent: cannot open the lab's window (%s).\n%s", g_glfw_error.c_str(), kHeadlessHint);
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "Descent", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "descent: cannot create an OpenGL 3.3 window (%s).\n", g_glfw_error.c_str());
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.screenshot.empty() && options.bench_frames == 0 ? 1 : 0);
  int code = 0;
  {
    App app(options, window);
    code = app.run();
  }
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}

}  // namespace lab::app
