// lab/app/gui_command.cpp — `descent` with no subcommand: the lab's window.
//
//   descent [--preset NAME | --load FILE.json] [--steps N] [--scale S] [--3d]
//           [--screenshot OUT.png] [--size WxH]
//   descent --list-presets
//   descent --bench-frames N [--steps S] [--load FILE.json] [--size WxH]
//   descent --cnn [--data mnist|fashion] [--model cnn|mlp] [--optimizer NAME] [--lr E]
//           [--epochs N] [--batch-size B] [--seed S] [--train] [--race]
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab/app/app.hpp"
#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "lab/model/experiment_io.hpp"
#include "lab/model/presets.hpp"

namespace lab::app {

namespace {

void parse_size(const std::string& text, AppOptions& o) {
  const auto x = text.find('x');
  if (x == std::string::npos) throw cli::UsageError("--size: expected WxH like 1600x900, got '" + text + "'");
  o.width = static_cast<int>(cli::parse_integer("size", text.substr(0, x), 320, 8192));
  o.height = static_cast<int>(cli::parse_integer("size", text.substr(x + 1), 240, 8192));
}

// --optimizer a,b,c: the first, then each other in turn (to compare).
void parse_optimizers(const std::string& text, AppOptions& o) {
  std::vector<std::string> names;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    names.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  o.cnn_config.optimizer = names.front();
  o.cnn_then.assign(names.begin() + 1, names.end());
}

int run_gui(AppOptions o) {
  model::CnnConfig& c = o.cnn_config;
  for (const std::string& name : o.cnn_then) {
    model::CnnConfig other = c;
    other.optimizer = name;
    other.hyper.clear();
    try {
      model::validate(other);
    } catch (const std::invalid_argument& e) {
      throw cli::UsageError(std::string("--optimizer: ") + e.what());
    }
  }
  if (!o.cnn_then.empty() && !o.cnn_train) throw cli::UsageError("--optimizer a,b,… needs --train");
  if (o.cnn) {
    try {  // refused now rather than in the window
      model::validate(c);
    } catch (const std::invalid_argument& e) {
      throw cli::UsageError(e.what());
    }
  }
  // A file that cannot be loaded is bad input: one line and exit 2, before any window.
  if (!o.load.empty()) {
    try {
      model::load_experiment(o.load);
    } catch (const std::invalid_argument& e) {
      throw cli::UsageError(e.what());
    } catch (const std::runtime_error& e) {  // cannot read it
      throw cli::UsageError(e.what());
    }
  }
  return run_app(o);
}

std::function<int()> declare_gui(CLI::App& app) {
  auto o = std::make_shared<AppOptions>();
  app.description("Opens the lab: optimizers racing on a surface, frame by frame.");
  app.add_flag_callback(
      "--list-presets",
      [] {
        for (const model::Preset& p : model::presets()) std::printf("%-18s %s\n", p.name.c_str(), p.title.c_str());
        throw CLI::Success();
      },
      "print the classroom presets and exit");
  auto* preset = cli::add_parsed(
      app, "preset", "NAME",
      [o](const std::string& v) {
        try {
          model::find_preset(v);
        } catch (const std::invalid_argument& e) {
          throw cli::UsageError(e.what());
        }
        o->preset = v;
      },
      "a classroom preset (see --list-presets; default: default)");
  cli::add_text(app, "load", o->load, "an experiment saved from the File menu")->excludes(preset);
  cli::add_parsed(
      app, "steps", "N", [o](const std::string& v) { o->steps = cli::parse_integer("steps", v, 0, model::kMaxSteps); },
      "start at step N (default: the preset's own)");
  cli::add_parsed(
      app, "scale", "S",
      [o](const std::string& v) {
        const double s = cli::parse_number("scale", v);
        if (s < 1 || s > 2.5) throw cli::UsageError("--scale: must be between 1 and 2.5, got " + v);
        o->scale = static_cast<float>(s);
      },
      "UI scale, 1 to 2.5 (fonts and lines)");
  app.add_flag("--3d", o->view_3d, "open in the 3-D view");
  cli::add_text(app, "screenshot", o->screenshot, "render a few frames, write OUT as PNG, and exit");
  cli::add_text(app, "gif", o->gif_dir, "record steps 0 to N (at most ~200 frames) as DIR/animation.gif, and exit")
      ->type_name("DIR");
  cli::add_integer(app, "select", o->select, 0, 1000, "show optimizer I (0, 1, …) in the inspector");
  cli::add_parsed(
      app, "size", "WxH", [o](const std::string& v) { parse_size(v, *o); }, "window size (default 1600x900)");
  cli::add_integer(app, "bench-frames", o->bench_frames, 1, 100000,
                   "time N frames of 12 optimizers x 10,000 recorded steps (--steps: another count; "
                   "--load: that experiment instead); print the median");
  app.add_flag("--log-actions", o->log_actions,
               "print the cursor, the state and the widgets' rectangles as they change (UI tests)");
  const std::string cnn_group = "The CNN trainer (--cnn)";
  auto* cnn = app.add_flag("--cnn", o->cnn,
                           "open on the CNN trainer, with the settings below (defaults: mnist, cnn, adam, lr 0.001, "
                           "3 epochs, batch 64, seed 1)")
                  ->group(cnn_group);
  model::CnnConfig& c = o->cnn_config;
  const auto cnn_option = [&](CLI::Option* option) { option->needs(cnn)->group(cnn_group); };
  cnn_option(
      app.add_flag("--train", o->cnn_train, "start training at once (--screenshot then waits for the run to end)"));
  cnn_option(cli::add_parsed(
      app, "data", "mnist|fashion",
      [&c](const std::string& v) {
        if (v != "mnist" && v != "fashion") throw cli::UsageError("--data: mnist or fashion, not '" + v + "'");
        c.data = v;
      },
      "the data set"));
  cnn_option(cli::add_parsed(
      app, "model", "cnn|mlp",
      [&c](const std::string& v) {
        if (v != "cnn" && v != "mlp") throw cli::UsageError("--model: cnn or mlp, not '" + v + "'");
        c.model = v;
      },
      "the network"));
  cnn_option(cli::add_parsed(
      app, "optimizer", "NAME,...", [o](const std::string& v) { parse_optimizers(v, *o); },
      "the optimizer; with --train, a,b,c trains each in turn, the earlier runs drawn beside the current one"));
  cnn_option(cli::add_parsed(
      app, "lr", "E", [&c](const std::string& v) { c.hyper["lr"] = cli::parse_number("lr", v); }, "learning rate"));
  cnn_option(cli::add_integer(app, "epochs", c.epochs, 1, 1000, "epochs"));
  cnn_option(cli::add_integer(app, "batch-size", c.batch_size, 1, 4096, "mini-batch size"));
  cnn_option(cli::add_integer(app, "seed", c.seed, 0, 1 << 30, "weights, shuffling and dropout"));
  auto race = std::make_shared<bool>(false);
  cnn_option(app.add_flag("--race", *race,
                          "with --optimizer a,b,… (2 to 4): train them together, batch by batch, from the same "
                          "weights on the same batches"));
  app.footer(
      "Keys: space play/pause, left/right step, Home step 0, R reset, 3 the 3-D view, F11 full screen,\n"
      "Esc close a menu, Ctrl+Q quit.\n"
      "Without a display, run it under xvfb-run -a -s \"-screen 0 1600x900x24\" descent ...");
  return [o, race] {
    if (*race) {  // the optimizers after the first race it instead of following it
      if (o->cnn_then.empty()) throw cli::UsageError("--race needs two to four optimizers: --optimizer a,b,…");
      for (const std::string& name : o->cnn_then) o->cnn_config.rivals.push_back({name, o->cnn_config.hyper});
      o->cnn_then.clear();
    }
    return run_gui(*o);
  };
}

const cli::Registration kGui{{"gui", "the lab's window (default)", declare_gui}};

}  // namespace

}  // namespace lab::app
