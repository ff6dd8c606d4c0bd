// lab/app/app.cpp — the loop: setup, frames, cleanup (ImGui's GLFW/OpenGL3
// example is the model: one comment per block). Where the panels go is
// layout.cpp; what runs for scripts and tests (benchmark, exports,
// screenshots, the action log) is automation.cpp.
//
// [SECTION] the App   [SECTION] between frames   [SECTION] the loop   [SECTION] run_app
#include "lab/app/app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // ClosePopupToLevel: an export's frame shows no popup

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "lab/app/automation.hpp"
#include "lab/app/draw_lists.hpp"
#include "lab/app/fonts.hpp"
#include "lab/app/keep_libraries_loaded.hpp"
#include "lab/app/layout.hpp"
#include "lab/app/shortcuts.hpp"
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

// [SECTION] the App ------------------------------------------------------------

class App {
 public:
  App(const AppOptions& o, GLFWwindow* window) : options_(o), window_(window), bench_(o.bench_frames) {}

  int run();

  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
    if (!app) return;
    if (app->imgui_key_callback_) app->imgui_key_callback_(window, key, scancode, action, mods);
    if (action == GLFW_PRESS || action == GLFW_REPEAT) app->pressed_keys_.push_back({key, mods});
  }

 private:
  void open_experiment();
  void update(double dt);
  void apply_commands();
  void apply_window_command(const model::Command& c);
  void take_capture(int width, int height);

  AppOptions options_;
  GLFWwindow* window_;
  model::Experiment experiment_;
  model::Timeline timeline_;
  model::CommandQueue queue_;
  model::CnnSession cnn_;
  model::CnnPane cnn_pane_;             // the CNN trainer's editor and inside view: what the user chose
  std::vector<std::string> cnn_queue_;  // optimizers still to train (--optimizer a,b,c), in order
  UiState ui_;
  SurfaceView surface_;
  NetworkSceneView network_view_;
  FrameBench bench_;
  ActionLog action_log_;
  std::optional<std::string> png_export_;  // the path of a PNG export due after this frame
  std::optional<FramesExport> frames_export_;
  bool quit_ = false;
  bool failed_ = false;  // the exit code is 1 (a --gif export failed, a draw list was invalid)
  // Keys pressed since the last frame. ImGui 1.86 has no input queue: a press
  // and release within one frame (xdotool, fast typists) would be lost.
  std::vector<KeyPress> pressed_keys_;
  GLFWkeyfun imgui_key_callback_ = nullptr;
};

// The experiment: a saved one, a preset, or the benchmark's race (which a
// saved one replaces: --bench-frames then times that experiment's frames).
void App::open_experiment() {
  if (options_.bench_frames > 0 && options_.load.empty())
    experiment_ = model::make_bench_experiment();
  else if (!options_.load.empty())
    experiment_ = model::load_experiment(options_.load);
  else
    experiment_ = model::make_preset_experiment(model::find_preset(options_.preset));
  if (options_.steps)
    experiment_.seek(*options_.steps);
  else if (options_.bench_frames > 0)
    experiment_.seek(model::kBenchSteps);
  else if (options_.load.empty())
    experiment_.seek(model::find_preset(options_.preset).steps);
  if (options_.load.empty() && options_.bench_frames == 0)
    ui_.network_curve = static_cast<int>(model::find_preset(options_.preset).curve);
  if (options_.select > 0) {
    if (static_cast<std::size_t>(options_.select) >= experiment_.runners().size())
      throw std::invalid_argument("--select " + std::to_string(options_.select) + ": there are only " +
                                  std::to_string(experiment_.runners().size()) + " optimizers");
    experiment_.select(static_cast<std::size_t>(options_.select));
  }
}

// Playback, then the selected runner's step replayed with an Inspection attached.
void App::update(double dt) {
  if (!frames_export_) {
    const std::int64_t due = timeline_.due(dt);
    if (due > 0) {
      // Playback ends at the last step anyone can reach: never "step 9 / 8".
      const std::string error = model::apply(model::cmd::Seek{experiment_.cursor() + due}, experiment_, timeline_);
      if (!error.empty()) ui_.error(error);
      const bool at_end = experiment_.cursor() >= experiment_.max_steps() ||
                          (experiment_.all_stopped() && experiment_.cursor() >= experiment_.recorded_steps());
      if (at_end) timeline_.pause();
    }
  }
  std::optional<InspectedStep> last = std::move(ui_.inspected);
  ui_.inspected.reset();
  if (!experiment_.runners().empty()) {
    const model::Runner& r = experiment_.runners()[experiment_.selected()];
    const std::int64_t t = std::min(experiment_.cursor(), r.head());
    auto same_point = [](const optim::Vec<double>& a, const optim::Vec<double>& b) {
      return a.size() == b.size() && a == b;
    };
    const bool same = last && last->runner == r.id() && last->step == t && t >= 1 &&
                      same_point(last->from, r.at(t - 1).theta) && same_point(last->to, r.at(t).theta);
    if (same && r.enabled) {
      last->rule = r.rule_at(t - 1);
      ui_.inspected = std::move(last);
    } else if (t >= 1 && r.enabled) {
      InspectedStep in;
      in.runner = r.id();
      in.step = t;
      in.from = r.at(t - 1).theta;
      in.to = r.at(t).theta;
      try {
        in.inspection = r.inspect(t, experiment_.problem());
      } catch (const std::exception& bug) {  // a replay that fails is a bug: show it, keep the show going
        ui_.error(std::string("inspecting step ") + std::to_string(t) + ": " + bug.what());
      }
      in.rule = r.rule_at(t - 1);
      ui_.inspected = std::move(in);
    }
  }
}

// [SECTION] between frames -----------------------------------------------------

// Every command the last frame pushed, in order: the window's own here, the
// rest through model::apply. Then the next of --optimizer a,b,c.
void App::apply_commands() {
  std::vector<std::string> notes;
  const model::Targets targets{experiment_, timeline_, &cnn_, &notes, &ui_.cnn_draft, &cnn_pane_};
  for (const model::Command& c : queue_.take()) {
    if (model::is_window_command(c)) {
      try {
        apply_window_command(c);
      } catch (const std::exception& e) {
        ui_.error(e.what());
      }
      continue;
    }
    std::string error = model::apply(c, targets);
    if (const auto* preset = std::get_if<model::cmd::LoadPreset>(&c); preset && error.empty())
      ui_.network_curve = static_cast<int>(model::find_preset(preset->name).curve);  // the plot its story needs
    if (!error.empty()) ui_.error(std::move(error));
  }
  for (std::string& note : notes) ui_.info(std::move(note));
  if (!cnn_queue_.empty() && !cnn_.running()) {  // earlier runs stay to compare
    ui_.cnn_draft.optimizer = cnn_queue_.front();
    cnn_queue_.erase(cnn_queue_.begin());
    if (std::string error = model::apply(model::cmd::StartTraining{ui_.cnn_draft}, targets); !error.empty())
      ui_.error(std::move(error));
  }
}

void App::apply_window_command(const model::Command& c) {
  if (std::holds_alternative<model::cmd::Quit>(c)) {
    quit_ = true;
  } else if (const auto* png = std::get_if<model::cmd::ExportPng>(&c)) {
    png_export_ = png->path;
  } else if (const auto* frames = std::get_if<model::cmd::ExportFrames>(&c)) {
    timeline_.pause();
    frames_export_.emplace(frames->dir, frames->gif, frames->half_size, experiment_);
  } else if (const auto* scale = std::get_if<model::cmd::SetUiScale>(&c)) {
    // The font atlas is rebuilt here, between frames.
    const float to = std::clamp(scale->scale, 1.0f, 2.5f);
    if (std::abs(to - ui_.scale) > 1e-3f) {
      ui_.scale = to;
      ui_.fonts = load_fonts(ui_.scale, true);
    }
  } else if (const auto* full = std::get_if<model::cmd::SetFullscreen>(&c)) {
    ui_.fullscreen = full->on;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (ui_.fullscreen && mode)
      glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    else
      glfwSetWindowMonitor(window_, nullptr, 40, 40, options_.width, options_.height, 0);
  }
}

// The frame just drawn for an export: a PNG, or the next frame of a sequence.
void App::take_capture(int width, int height) {
  const Image image = read_framebuffer(width, height);
  if (png_export_) {
    try {
      write_png(image, *png_export_);
      ui_.info("wrote " + *png_export_);
    } catch (const std::exception& e) {
      ui_.error(e.what());
    }
    png_export_.reset();
  }
  if (!frames_export_) return;
  try {
    if (auto done = frames_export_->take(image, experiment_)) {
      frames_export_.reset();
      ui_.info(*done);
      if (!options_.gif_dir.empty()) {
        std::printf("%s\n", done->c_str());
        quit_ = true;
      }
    }
  } catch (const std::exception& e) {
    frames_export_.reset();
    ui_.error(e.what());
    if (!options_.gif_dir.empty()) {
      std::fprintf(stderr, "descent: %s\n", e.what());
      failed_ = quit_ = true;
    }
  }
}

// [SECTION] the loop -----------------------------------------------------------

int App::run() {
  open_experiment();
  if (!options_.gif_dir.empty()) queue_.push(model::cmd::ExportFrames{options_.gif_dir, true, true});
  if (options_.cnn) {
    ui_.mode = Mode::Cnn;
    ui_.cnn_draft = options_.cnn_config;
    if (options_.cnn_train) cnn_.start(ui_.cnn_draft);
    cnn_queue_ = options_.cnn_then;
  }
  ui_.scale = std::clamp(options_.scale, 1.0f, 2.5f);
  ui_.view_3d = options_.view_3d;

  // ImGui with DejaVu fonts at the UI scale.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  const bool screenshot = !options_.screenshot.empty();
  const bool bench = options_.bench_frames > 0;
  const bool scripted = screenshot || bench || !options_.gif_dir.empty();
  // Screenshots and benchmarks ignore wherever the (virtual) pointer rests.
  if (scripted) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
  ui_.fonts = load_fonts(ui_.scale, false);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  glfwSetWindowUserPointer(window_, this);
  imgui_key_callback_ = glfwSetKeyCallback(window_, &App::on_key);
  ImGui_ImplOpenGL3_Init("#version 130");

  int frame = 0;
  auto last = std::chrono::steady_clock::now();
  while (!glfwWindowShouldClose(window_) && !quit_) {
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
    ui_.drop_expired_messages();

    update(scripted ? 0.0 : dt);
    const auto t0_built = std::chrono::steady_clock::now();
    // Decided before the frame is built, so a screenshot of a CNN run shows the
    // state it ended in: the snapshot drawn below is taken after this.
    const bool cnn_settled = !cnn_.running() && cnn_queue_.empty();
    // … and one of a network scene waits for its loss plane (at most ~20 s).
    const bool plane_settled = network_view_.settled() || frame > 2000;

    // Build the frame. An export's frame has no menus, popups or tooltips.
    ui_.capturing = png_export_ || frames_export_;
    if (ui_.capturing) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (ui_.capturing && ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
      ImGui::ClosePopupToLevel(0, false);
    handle_shortcuts(pressed_keys_, ui_, queue_);
    pressed_keys_.clear();
    ui_.widgets.clear();
    ui_.facts.clear();
    ui_.flagged_runners.clear();
    ImGui::PushFont(ui_.fonts.text);
    if (ui_.mode == Mode::Cnn)
      draw_cnn_screen(cnn_.snapshot(), cnn_pane_, ui_, queue_);
    else
      draw_surfaces_screen(experiment_, timeline_, surface_, network_view_, ui_, queue_);
    ImGui::PopFont();
    ui_.fact("playing", timeline_.playing() ? "1" : "0");
    ui_.fact("recorded", std::to_string(experiment_.recorded_steps()));
    ui_.fact("view-3d", ui_.view_3d ? "1" : "0");
    ui_.fact("popup-open",
             ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel) ? "1" : "0");
    ImGui::Render();
    if (ui_.capturing && !scripted) io.ConfigFlags &= ~ImGuiConfigFlags_NoMouse;
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
    if (bench) {
      glFinish();
      const auto t3 = std::chrono::steady_clock::now();
      const auto ms = [t0](auto t) { return std::chrono::duration<double, std::milli>(t - t0).count(); };
      bench_.record(ms(t1), ms(t2), ms(t3));
    }
    // Scripted runs check every frame's draw lists (16-bit indices) and fail on a bad one.
    if (scripted) {
      if (const std::string problem = draw_data_problem(*ImGui::GetDrawData()); !problem.empty()) {
        std::fprintf(stderr, "descent: invalid frame: %s\n", problem.c_str());
        failed_ = true;
        break;
      }
    }
    if (bench && bench_.done()) break;
    if (ui_.capturing) {
      if (options_.log_actions) log_capture_windows(*ImGui::GetDrawData());
      take_capture(fw, fh);
    }
    // A screenshot of a CNN run waits for its end (the whole test set is evaluated by then).
    if (screenshot && frame >= 4 && cnn_settled && plane_settled) {
      write_png(read_framebuffer(fw, fh), options_.screenshot);
      std::printf("wrote %s (%dx%d)\n", options_.screenshot.c_str(), fw, fh);
      print_layout(ui_);
      if (ui_.mode == Mode::Cnn)
        print_cnn_facts(cnn_.snapshot());
      else
        print_surface_facts(experiment_, surface_);
      break;
    }
    glfwSwapBuffers(window_);
    const auto t3 = std::chrono::steady_clock::now();
    if (options_.log_actions) action_log_.after_frame(ui_, experiment_, surface_, cnn_.snapshot());
    const auto t4 = std::chrono::steady_clock::now();
    apply_commands();
    if (options_.log_actions) {
      const auto t5 = std::chrono::steady_clock::now();
      const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
      action_log_.record_frame({ms(t0, t0_built), ms(t0_built, t1), ms(t1, t2), ms(t2, t3), ms(t4, t5)}, ui_.now);
    }
  }

  if (bench) {
    bench_.report(experiment_, options_.width, options_.height);
    print_draw_counts(*ImGui::GetDrawData());
  }
  glfwSetKeyCallback(window_, imgui_key_callback_);
  glfwSetWindowUserPointer(window_, nullptr);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  return failed_ ? 1 : 0;
}

}  // namespace

// [SECTION] run_app -------------------------------------------------------------

int run_app(const AppOptions& options) {
  // The experiment is checked before any window opens: a bad preset or file
  // is a usage problem, not a display one (run_gui checks a file first).
  if (options.load.empty()) model::find_preset(options.preset);

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
  keep_libraries_loaded();  // before the GL driver is unloaded: see its header
  glfwTerminate();
  return code;
}

}  // namespace lab::app
