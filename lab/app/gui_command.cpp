// lab/app/gui_command.cpp — `descent` with no subcommand: the lab's window.
//
//   descent [--preset NAME | --load FILE.json] [--steps N] [--scale S] [--3d]
//           [--screenshot OUT.png] [--size WxH]
//   descent --list-presets
//   descent --bench-frames N [--size WxH]
//   descent --cnn [--data mnist|fashion] [--model cnn|mlp] [--optimizer NAME] [--lr E]
//           [--epochs N] [--batch-size B] [--seed S] [--train]
#include <cstdio>
#include <string>

#include "lab/app/app.hpp"
#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "lab/model/presets.hpp"

namespace lab::app {

namespace {

constexpr const char* kUsage =
    "descent [--preset NAME | --load FILE.json] [--steps N] [--scale S] [--3d]\n"
    "        [--screenshot OUT.png] [--gif DIR] [--select I] [--size WxH] [--log-actions]\n"
    "descent --list-presets\n"
    "descent --bench-frames N [--steps S] [--size WxH]\n"
    "descent --cnn [--data mnist|fashion] [--model cnn|mlp] [--optimizer NAME] [--lr E] [--epochs N]\n"
    "              [--batch-size B] [--seed S] [--train] [--screenshot OUT.png]\n"
    "\n"
    "Opens the lab: optimizers racing on a surface, frame by frame.\n"
    "  --preset NAME      a classroom preset (see --list-presets; default: default)\n"
    "  --load FILE        an experiment saved from the File menu\n"
    "  --steps N          start at step N (default: the preset's own)\n"
    "  --scale S          UI scale, 1 to 2.5 (fonts and lines)\n"
    "  --3d               open in the 3-D view\n"
    "  --screenshot OUT   render a few frames, write OUT as PNG, and exit\n"
    "  --gif DIR          record steps 0 to N (at most ~200 frames) as DIR/animation.gif, and exit\n"
    "  --select I         show optimizer I (0, 1, …) in the inspector\n"
    "  --size WxH         window size (default 1600x900)\n"
    "  --bench-frames N   time N frames of 12 optimizers x 10,000 recorded steps (--steps: another count);\n"
    "                     print the median\n"
    "  --log-actions      print the cursor, the state and the widgets' rectangles as they change (UI tests)\n"
    "  --cnn              open on the CNN trainer, with these settings (defaults: mnist, cnn, adam, lr 0.001,\n"
    "                     3 epochs, batch 64, seed 1); --train starts at once, and --screenshot then waits\n"
    "                     for the run to end; --optimizer sgd,momentum,adam --train trains each in turn, the\n"
    "                     earlier runs drawn beside the current one\n"
    "Keys: space play/pause, left/right step, Home step 0, R reset, 3 the 3-D view, F11 full screen,\n"
    "Esc close a menu, Ctrl+Q quit.\n"
    "Without a display, run it under xvfb-run -a -s \"-screen 0 1600x900x24\" descent ...";

void parse_size(const std::string& text, AppOptions& o) {
  const auto x = text.find('x');
  if (x == std::string::npos) throw cli::UsageError("--size: expected WxH like 1600x900, got '" + text + "'");
  o.width = static_cast<int>(cli::parse_integer("size", text.substr(0, x), 320, 8192));
  o.height = static_cast<int>(cli::parse_integer("size", text.substr(x + 1), 240, 8192));
}

int run_gui(const std::vector<std::string>& args) {
  const cli::ParsedArgs parsed = cli::parse_args(args, [](std::string_view name) {
    return name == "list-presets" || name == "3d" || name == "log-actions" || name == "cnn" || name == "train";
  });
  if (!parsed.positional.empty()) throw cli::UsageError("unexpected argument '" + parsed.positional[0] + "'");
  static const char* known[] = {"preset",       "load",         "steps",       "scale", "3d",     "screenshot", "size",
                                "bench-frames", "list-presets", "log-actions", "gif",   "select", "cnn",        "train",
                                "data",         "model",        "optimizer",   "lr",    "epochs", "batch-size", "seed"};
  for (const auto& [name, value] : parsed.options) {
    bool ok = false;
    for (const char* k : known) ok = ok || name == k;
    if (!ok) throw cli::UsageError("unknown option --" + name + " (see descent gui --help)");
  }
  if (parsed.has("list-presets")) {
    for (const model::Preset& p : model::presets()) std::printf("%-18s %s\n", p.name.c_str(), p.title.c_str());
    return 0;
  }
  AppOptions o;
  if (auto v = parsed.value("preset")) {
    try {
      model::find_preset(*v);
    } catch (const std::invalid_argument& e) {
      throw cli::UsageError(e.what());
    }
    o.preset = *v;
  }
  if (auto v = parsed.value("load")) o.load = *v;
  if (parsed.has("preset") && parsed.has("load")) throw cli::UsageError("--preset and --load exclude each other");
  if (auto v = parsed.value("steps")) o.steps = cli::parse_integer("steps", *v, 0, model::kMaxSteps);
  if (auto v = parsed.value("scale")) {
    const double s = cli::parse_number("scale", *v);
    if (s < 1 || s > 2.5) throw cli::UsageError("--scale: must be between 1 and 2.5, got " + *v);
    o.scale = static_cast<float>(s);
  }
  o.view_3d = parsed.has("3d");
  o.log_actions = parsed.has("log-actions");
  if (auto v = parsed.value("screenshot")) {
    if (v->empty()) throw cli::UsageError("--screenshot: missing file name");
    o.screenshot = *v;
  }
  if (auto v = parsed.value("size")) parse_size(*v, o);
  if (auto v = parsed.value("select")) o.select = static_cast<int>(cli::parse_integer("select", *v, 0, 1000));
  if (auto v = parsed.value("gif")) {
    if (v->empty()) throw cli::UsageError("--gif: missing folder name");
    o.gif_dir = *v;
  }
  if (auto v = parsed.value("bench-frames")) {
    o.bench_frames = static_cast<int>(cli::parse_integer("bench-frames", *v, 1, 100000));
  }
  o.cnn = parsed.has("cnn");
  o.cnn_train = parsed.has("train");
  for (const char* name : {"train", "data", "model", "optimizer", "lr", "epochs", "batch-size", "seed"})
    if (parsed.has(name) && !o.cnn) throw cli::UsageError(std::string("--") + name + " belongs to --cnn");
  model::CnnConfig& c = o.cnn_config;
  if (auto v = parsed.value("data")) {
    if (*v != "mnist" && *v != "fashion") throw cli::UsageError("--data: mnist or fashion, not '" + *v + "'");
    c.data = *v;
  }
  if (auto v = parsed.value("model")) {
    if (*v != "cnn" && *v != "mlp") throw cli::UsageError("--model: cnn or mlp, not '" + *v + "'");
    c.model = *v;
  }
  if (auto v = parsed.value("optimizer")) {  // a,b,c: train each in turn, to compare
    std::vector<std::string> names;
    for (std::size_t at = 0; at <= v->size();) {
      const std::size_t comma = std::min(v->find(',', at), v->size());
      names.push_back(v->substr(at, comma - at));
      at = comma + 1;
    }
    c.optimizer = names.front();
    o.cnn_then.assign(names.begin() + 1, names.end());
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
    if (!o.cnn_then.empty() && !parsed.has("train")) throw cli::UsageError("--optimizer a,b,… needs --train");
  }
  if (auto v = parsed.value("lr")) c.hyper["lr"] = cli::parse_number("lr", *v);
  if (auto v = parsed.value("epochs")) c.epochs = static_cast<int>(cli::parse_integer("epochs", *v, 1, 1000));
  if (auto v = parsed.value("batch-size")) c.batch_size = cli::parse_integer("batch-size", *v, 1, 4096);
  if (auto v = parsed.value("seed")) c.seed = static_cast<std::uint64_t>(cli::parse_integer("seed", *v, 0, 1 << 30));
  if (o.cnn) {
    try {  // refused now rather than in the window
      model::validate(c);
    } catch (const std::invalid_argument& e) {
      throw cli::UsageError(e.what());
    }
  }
  return run_app(o);
}

const cli::Registration kGui{{"gui", "the lab's window (default)", kUsage, run_gui}};

}  // namespace

}  // namespace lab::app
