// lab/app/cnn_progress_panel.cpp — where the race is and how it goes.
//
//   status line (red when a run diverged), progress bar (epoch, batch,
//   images/s of all runs together, time left)
//   one key for every plot: colour is the run, line style is the data —
//   training a solid line, validation a thin line with dots, test one large dot
//   loss (every batch, smoothed), accuracy (each epoch), learning rate (every
//   batch); a partial epoch ends where it stopped; events (LR cuts, early
//   stop, restored weights, checkpoints) as ticks on every plot and listed
//   the race's summary: best and final validation accuracy, test accuracy,
//   time, epochs and images to reach the target accuracy
//   checkpoints written, each loadable; Keras' epoch lines of the first run
//   runs of earlier races in the same plots (thinner lines)
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "lab/app/cnn_colors.hpp"
#include "lab/app/line_plot.hpp"
#include "lab/app/panels.hpp"
#include "lab/model/palette.hpp"
#include "nn/sequential.hpp"
#include "optim/registry.hpp"

namespace lab::app {

namespace {

constexpr ImU32 kDiverged = IM_COL32(255, 110, 100, 255);

// Colour is the run: the race's runs take the palette's first four colours,
// the earlier runs the ones after them, so no earlier run looks like a rival.
ImU32 run_color(std::size_t i) {
  const model::Rgb c = model::palette_color(static_cast<int>(i));
  return IM_COL32(c.r, c.g, c.b, 255);
}
ImU32 earlier_color(std::size_t i) {
  return run_color(model::CnnConfig::kMaxRivals + 1 + i);  // after the first and its rivals
}

ImU32 event_color(model::CnnEvent::Kind kind) {
  switch (kind) {
    case model::CnnEvent::Kind::LrCut:
      return IM_COL32(240, 240, 240, 255);
    case model::CnnEvent::Kind::Checkpoint:
      return IM_COL32(150, 150, 150, 255);
    case model::CnnEvent::Kind::Diverged:
      return kDiverged;
    default:
      return IM_COL32(170, 240, 255, 255);
  }
}

PlotSeries curve(ImU32 color, float thickness, bool dots) {
  PlotSeries se;
  se.color = color;
  se.thickness = thickness;
  se.dots = dots;
  return se;
}

// One of the pane's plots: x in epochs, with room right of the last one so
// that its dots are not cut in half.
void epoch_plot(const char* id, const char* title, const std::vector<PlotSeries>& series,
                const std::vector<PlotEvent>& events, double x_max, bool unit_y, bool log_y, ImVec2 size, float s) {
  LinePlot p;
  p.id = id;
  p.title = title;
  p.size = size;
  p.scale = s;
  p.unit_y = unit_y;
  p.log_y = log_y;
  p.x_max = x_max * 1.03;
  p.x_name = "epoch";
  p.whole_x = false;
  p.empty_text = "appears after the first batch";
  draw_line_plot(p, series, events);
}

std::string clock_text(double seconds) {
  const long t = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (seconds < 60)
    std::snprintf(buf, sizeof buf, "%.1f s", std::max(0.0, seconds));
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

// "Adam ε=0.001" of "Adam ε=0.001 · CNN · MNIST": the rest is the same for every run of a race.
std::string short_label(const std::string& label) {
  return label.substr(0, label.find(" \u00B7 "));
}

double logged(const nn::Logs& logs, const char* key) {
  const auto it = logs.find(key);
  return it == logs.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

// One run's curves, added to the three plots; `weight` thins an earlier run's.
void add_run(const model::CnnRun& run, ImU32 color, float weight, bool raw_loss, std::vector<PlotSeries>& loss,
             std::vector<PlotSeries>& acc, std::vector<PlotSeries>& lr, std::vector<PlotEvent>& events) {
  const bool diverged = run.status == model::CnnStatus::Diverged;
  // Every batch's loss (faint), and its moving average over about 20 batches.
  PlotSeries raw = curve((color & 0x00FFFFFF) | (static_cast<ImU32>(70) << IM_COL32_A_SHIFT), 1.0f, false);
  PlotSeries smooth = curve(color, 2.5f * weight, false), rate = curve(color, 2.0f * weight, false);
  smooth.cross_at_end = rate.cross_at_end = diverged;
  double avg = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < run.batch_loss.size(); ++i) {
    const auto x = static_cast<float>(model::batch_x(run, i));
    const double v = run.batch_loss[i];
    if (std::isfinite(v)) avg = std::isnan(avg) ? v : 0.95 * avg + 0.05 * v;
    raw.points.emplace_back(x, static_cast<float>(v));
    smooth.points.emplace_back(x, static_cast<float>(std::isfinite(v) ? avg : v));
    if (i < run.batch_lr.size()) rate.points.emplace_back(x, run.batch_lr[i]);
  }
  if (raw_loss) loss.push_back(std::move(raw));
  loss.push_back(std::move(smooth));
  lr.push_back(std::move(rate));
  // Each epoch: validation loss, training and validation accuracy, where the epoch ended.
  PlotSeries val_loss = curve(color, 1.0f * weight, true), train_acc = curve(color, 2.5f * weight, false),
             val_acc = curve(color, 1.0f * weight, true);
  // A diverged run's last epoch was evaluated with weights that are no longer numbers: not drawn.
  const std::size_t epochs =
      std::min(run.history.size(), run.history_x.size()) - (diverged && !run.history.empty() ? 1 : 0);
  for (std::size_t e = 0; e < epochs; ++e) {
    const auto x = static_cast<float>(run.history_x[e]);
    val_loss.points.emplace_back(x, static_cast<float>(logged(run.history[e], "val_loss")));
    train_acc.points.emplace_back(x, static_cast<float>(logged(run.history[e], "accuracy")));
    val_acc.points.emplace_back(x, static_cast<float>(logged(run.history[e], "val_accuracy")));
  }
  train_acc.cross_at_end = diverged;
  loss.push_back(std::move(val_loss));
  acc.push_back(std::move(train_acc));
  acc.push_back(std::move(val_acc));
  if (run.test && run.status != model::CnnStatus::Diverged) {  // the test result: one large dot where the run ended
    const auto x = static_cast<float>(run.history_x.empty() ? run.x_end() : run.history_x.back());
    PlotSeries t = curve(color, 0.0f, true), tl = curve(color, 0.0f, true);
    t.points.emplace_back(x, static_cast<float>(run.test->accuracy()));
    tl.points.emplace_back(x, static_cast<float>(run.test->loss));
    acc.push_back(std::move(t));
    loss.push_back(std::move(tl));
  }
  for (const model::CnnEvent& ev : run.events)
    events.push_back({ev.x, event_color(ev.kind), run.label + ": " + ev.text});
}

// The one key: a swatch per run (colour), then the line styles (data).
void key(const model::CnnSnapshot& snap, float s) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float h = ImGui::GetTextLineHeight();
  auto swatch = [&](ImU32 color, float thickness, bool dot, bool big_dot) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + h / 2;
    if (thickness > 0) list->AddLine(ImVec2(p.x, y), ImVec2(p.x + 22 * s, y), color, thickness * s);
    if (dot) list->AddCircleFilled(ImVec2(p.x + 11 * s, y), 3 * s, color);
    if (big_dot) list->AddCircleFilled(ImVec2(p.x + 11 * s, y), 5 * s, color);
    ImGui::Dummy(ImVec2(26 * s, h));
    ImGui::SameLine();
  };
  // Wraps to the next line when the item would not fit beside the last one.
  auto wrap = [&](const std::string& text) {
    const float w = 30 * s + ImGui::CalcTextSize(text.c_str()).x;
    if (ImGui::GetCursorPosX() > ImGui::GetStyle().WindowPadding.x &&
        ImGui::GetCursorPosX() + w > ImGui::GetWindowContentRegionMax().x)
      ImGui::NewLine();
  };
  for (std::size_t r = 0; r < snap.runs.size(); ++r) {
    const model::CnnRun& run = snap.runs[r];
    const std::string text = short_label(run.label) + (run.status == model::CnnStatus::Diverged ? " (diverged)" : "");
    wrap(text);
    swatch(run_color(r), 6, false, false);
    if (run.status == model::CnnStatus::Diverged)
      ImGui::TextColored(ImColor(kDiverged), "%s", text.c_str());
    else
      ImGui::TextUnformatted(text.c_str());
    ImGui::SameLine(0, 16 * s);
  }
  for (std::size_t r = 0; r < snap.earlier.size(); ++r) {
    const std::string text =
        snap.earlier[r].label +
        (snap.earlier[r].status == model::CnnStatus::Diverged ? " (earlier, diverged)" : " (earlier)");
    wrap(text);
    swatch(earlier_color(r), 3, false, false);
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::SameLine(0, 16 * s);
  }
  ImGui::NewLine();
  const ImU32 grey = IM_COL32(220, 220, 220, 255);
  swatch(grey, 2.5f, false, false);
  ImGui::TextUnformatted("training");
  ImGui::SameLine(0, 16 * s);
  swatch(grey, 1.0f, true, false);
  ImGui::TextUnformatted("validation");
  ImGui::SameLine(0, 16 * s);
  swatch(grey, 0, false, true);
  ImGui::TextUnformatted("test");
  ImGui::SameLine(0, 16 * s);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  list->AddLine(ImVec2(p.x + 4 * s, p.y + 2 * s), ImVec2(p.x + 4 * s, p.y + h - 2 * s),
                event_color(model::CnnEvent::Kind::LrCut), 2 * s);
  ImGui::Dummy(ImVec2(10 * s, h));
  ImGui::SameLine();
  ImGui::TextDisabled("ticks: events");
}

// The race's summary, one row per run (earlier runs after a rule).
void summary_table(const model::CnnSnapshot& snap, UiState& ui, float s) {
  model::CnnConfig& draft = ui.cnn_draft;
  float target = static_cast<float>(draft.target_accuracy);
  ImGui::TextUnformatted("Target accuracy");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90 * s);
  if (ImGui::InputFloat("##target", &target, 0, 0, "%.3f"))
    draft.target_accuracy = std::clamp(static_cast<double>(target), 0.0, 1.0);
  place_last_item(ui, "cnn-target");
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("epochs, images: until the validation accuracy (else training) first reaches it");
  ImGui::PopTextWrapPos();
  const int columns = 7;
  if (!ImGui::BeginTable("race", columns, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  for (const char* h : {"best val", "final val", "test", "time", "epochs", "images"})
    ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  auto cell = [](double v, const char* format) {
    if (v < 0 || std::isnan(v))
      ImGui::TextDisabled("\u2014");
    else
      ImGui::Text(format, v);
  };
  auto row = [&](const model::CnnRun& run, ImU32 color, bool earlier) {
    const model::CnnRunFacts f = model::run_facts(run, draft.target_accuracy, snap.train_images);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.3f), ImVec2(p.x + 18 * s, p.y + h * 0.7f), color);
    ImGui::Dummy(ImVec2(24 * s, h));
    ImGui::SameLine();
    const bool diverged = run.status == model::CnnStatus::Diverged;
    const std::string text = earlier ? run.label + " (earlier)" : short_label(run.label);
    if (diverged)
      ImGui::TextColored(ImColor(kDiverged), "%s: %s", text.c_str(), run.message.c_str());
    else
      ImGui::TextUnformatted(text.c_str());
    if (!diverged && !run.message.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", run.message.c_str());
    ImGui::TableSetColumnIndex(1);
    cell(f.best_accuracy, "%.4f");
    ImGui::TableSetColumnIndex(2);
    cell(f.final_accuracy, "%.4f");
    ImGui::TableSetColumnIndex(3);
    if (diverged)
      ImGui::TextColored(ImColor(kDiverged), "diverged");
    else
      cell(f.test_accuracy, "%.4f");
    ImGui::TableSetColumnIndex(4);
    ImGui::TextUnformatted(clock_text(f.seconds).c_str());
    ImGui::TableSetColumnIndex(5);
    if (f.epochs_to_target > 0)
      ImGui::Text("%d", f.epochs_to_target);
    else
      ImGui::TextDisabled("never");
    ImGui::TableSetColumnIndex(6);
    if (f.images_to_target > 0)
      ImGui::TextUnformatted(nn::with_commas(f.images_to_target).c_str());
    else
      ImGui::TextDisabled("\u2014");
  };
  for (std::size_t r = 0; r < snap.runs.size(); ++r) row(snap.runs[r], run_color(r), false);
  for (std::size_t r = 0; r < snap.earlier.size(); ++r) row(snap.earlier[r], earlier_color(r), true);
  ImGui::EndTable();
}

// Every run's events in order, and the checkpoints, each loadable into the next run.
void events_and_checkpoints(const model::CnnSnapshot& snap, UiState& ui) {
  std::size_t count = 0, files = 0;
  for (const model::CnnRun& run : snap.runs) {
    count += run.events.size();
    files += run.checkpoints.size();
  }
  if (count == 0) return;
  char title[64];
  std::snprintf(title, sizeof title, "Events (%zu)###cnn-events", count);
  if (ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) {
    for (std::size_t r = 0; r < snap.runs.size(); ++r)
      for (const model::CnnEvent& ev : snap.runs[r].events) {
        ImGui::TextColored(ImColor(event_color(ev.kind)), "\u25AE");
        ImGui::SameLine();
        ImGui::TextColored(ImColor(run_color(r)), "%s", snap.runs[r].label.c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", ev.text.c_str());
      }
  }
  if (files == 0) return;
  std::snprintf(title, sizeof title, "Checkpoints (%zu)###cnn-checkpoints", files);
  if (ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) {
    int id = 0;
    for (std::size_t r = 0; r < snap.runs.size(); ++r)
      for (const std::string& path : snap.runs[r].checkpoints) {
        ImGui::PushID(id++);
        if (ImGui::SmallButton("load")) {
          ui.cnn_draft.initial_model = path;
          ui.cnn_draft.optimizer = snap.runs[r].entrant.optimizer;
          ui.cnn_draft.hyper = snap.runs[r].entrant.hyper;
          ui.cnn_draft.rivals.clear();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("the next run starts from this file (evaluate or continue)");
        ImGui::SameLine();
        ImGui::TextColored(ImColor(run_color(r)), "\u25A0");
        ImGui::SameLine();
        ImGui::TextUnformatted(path.c_str());
        ImGui::PopID();
      }
  }
}

}  // namespace

void draw_cnn_progress_panel(const model::CnnSnapshot& snap, UiState& ui, model::CommandQueue& queue) {
  const float s = ui.scale;
  const model::CnnConfig& c = snap.config;
  const bool started = snap.status != model::CnnStatus::Idle;
  const bool race = snap.runs.size() > 1;

  // ---- status
  ImGui::PushFont(ui.fonts.title);
  if (!started) {
    ImGui::TextWrapped("Choose the data, the model and the optimizers, then press \u25B6 Train");
    ImGui::PopFont();
  } else {
    const std::string who = race ? "a race of " + std::to_string(snap.runs.size()) + " optimizers"
                                 : optim::optimizer_info(c.optimizer).title;
    const bool red = snap.status == model::CnnStatus::Diverged || snap.status == model::CnnStatus::Failed;
    if (red) ImGui::PushStyleColor(ImGuiCol_Text, kDiverged);
    ImGui::TextWrapped("%s on %s with %s: %s",
                       !c.initial_model.empty() ? c.initial_model.c_str()
                       : c.model == "cnn"       ? "CNN"
                       : c.model == "mlp"       ? "MLP"
                                                : "Edited model",
                       c.data == "mnist"     ? "MNIST digits"
                       : c.data == "fashion" ? "Fashion-MNIST"
                                             : c.data.c_str(),
                       who.c_str(), model::status_name(snap.status));
    if (red) ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  // Each run's own ending, when it is not plain "finished": diverged in red, stopped with where.
  for (std::size_t r = 0; r < snap.runs.size(); ++r) {
    const model::CnnRun& run = snap.runs[r];
    if (run.message.empty()) continue;
    const bool red = run.status == model::CnnStatus::Diverged || run.status == model::CnnStatus::Failed;
    ImGui::PushStyleColor(ImGuiCol_Text, red ? kDiverged : kMuted);
    if (race)
      ImGui::TextWrapped("%s: %s", run.label.c_str(), run.message.c_str());
    else
      ImGui::TextWrapped("%s", run.message.c_str());
    ImGui::PopStyleColor();
  }
  if (snap.status == model::CnnStatus::Failed && snap.message != (snap.runs.empty() ? "" : snap.runs[0].message)) {
    ImGui::PushStyleColor(ImGuiCol_Text, kDiverged);
    ImGui::TextWrapped("%s", snap.message.c_str());
    ImGui::PopStyleColor();
  }
  if (started && snap.train_images > 0) {
    ImGui::TextWrapped("%s training, %s validation, %s test images; batch %ld, %d epoch%s, seed %llu",
                       nn::with_commas(snap.train_images).c_str(), nn::with_commas(snap.validation_images).c_str(),
                       nn::with_commas(snap.test_images).c_str(), c.batch_size, c.epochs, c.epochs == 1 ? "" : "s",
                       static_cast<unsigned long long>(c.seed));
  }
  const long batches = std::max(snap.batches, 1L);
  const double done = snap.batches > 0 ? static_cast<double>(snap.epoch * batches + snap.batch) /
                                             static_cast<double>(c.epochs * batches)
                                       : 0.0;
  const bool over = snap.status == model::CnnStatus::Finished || snap.status == model::CnnStatus::Stopped ||
                    snap.status == model::CnnStatus::Diverged;
  char overlay[128];
  if (snap.batches > 0)
    std::snprintf(overlay, sizeof overlay, "epoch %d/%d   batch %ld/%ld", snap.epoch + 1, c.epochs, snap.batch,
                  snap.batches);
  else
    std::snprintf(overlay, sizeof overlay, "%s", started ? model::status_name(snap.status) : "");
  ImGui::ProgressBar(snap.status == model::CnnStatus::Finished ? 1.0f : static_cast<float>(std::min(done, 1.0)),
                     ImVec2(-1, 0), overlay);
  if (snap.batches > 0) {
    const double left = done > 0 && snap.images_per_second > 0 ? snap.seconds * (1 - done) / done : 0;
    ImGui::Text("loss %.4f   accuracy %.4f   (epoch %d so far%s)", snap.running_loss, snap.running_accuracy,
                snap.epoch + 1, race ? ", first run" : "");
    char speed[96];
    std::snprintf(speed, sizeof speed, "%.0f images/s   %s %s", snap.images_per_second, over ? "took" : "left",
                  clock_text(over ? snap.seconds : left).c_str());
    ImGui::SameLine();
    const float right = ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(speed).x;
    if (right >= ImGui::GetCursorPosX())
      ImGui::SetCursorPosX(right);
    else
      ImGui::NewLine();  // no room beside the loss: a line of its own
    ImGui::TextDisabled("%s", speed);
  }

  // ---- curves: the earlier runs first (beneath), then this race's; each
  // batch's own loss (faint) only when one run is drawn
  const bool table = race || !snap.earlier.empty();
  double x_max = std::max(1, c.epochs);
  std::vector<PlotSeries> loss_series, acc_series, lr_series;
  std::vector<PlotEvent> events;
  for (std::size_t r = 0; r < snap.earlier.size(); ++r) {
    std::vector<PlotEvent> none;
    add_run(snap.earlier[r], earlier_color(r), 0.6f, false, loss_series, acc_series, lr_series, none);
    x_max = std::max(x_max, snap.earlier[r].x_end());
  }
  for (std::size_t r = 0; r < snap.runs.size(); ++r) {
    add_run(snap.runs[r], run_color(r), 1.0f, !table, loss_series, acc_series, lr_series, events);
    x_max = std::max(x_max, snap.runs[r].x_end());
  }
  key(snap, s);
  // The plots take most of the pane; what follows them scrolls into view.
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float plot_h = std::max(150 * s, avail_h * (table ? 0.26f : 0.3f));
  const float w = ImGui::GetContentRegionAvail().x;
  epoch_plot("##loss", "loss by epoch", loss_series, events, x_max, false, false, ImVec2(w, plot_h), s);
  epoch_plot("##accuracy", "accuracy by epoch", acc_series, events, x_max, true, false, ImVec2(w, plot_h), s);
  epoch_plot("##lr", "learning rate by batch", lr_series, events, x_max, false, true, ImVec2(w, plot_h * 0.6f), s);

  // ---- the race's summary
  if (table) {
    summary_table(snap, ui, s);
    if (!snap.earlier.empty() && ImGui::SmallButton("forget the earlier runs"))
      queue.push(model::cmd::ClearEarlierRuns{});
  }
  events_and_checkpoints(snap, ui);

  // ---- the test result (of the first run, the one the results panel shows)
  if (snap.test && !snap.runs.empty() && snap.runs[0].status != model::CnnStatus::Diverged) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 158, 115, 255));
    long wrong = 0;
    for (int k = 0; k < snap.test->confusion.classes(); ++k) wrong += snap.test->confusion.errors(k);
    ImGui::TextWrapped("%sTest accuracy %.4f   loss %.4f", race ? "First run: " : "", snap.test->accuracy(),
                       snap.test->loss);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::Text("%s of %s test images wrong", nn::with_commas(wrong).c_str(),
                nn::with_commas(snap.test->confusion.total()).c_str());
  }
  // ---- Keras' epoch lines of the first run
  const std::vector<nn::Logs> none;
  const std::vector<nn::Logs>& history = snap.runs.empty() ? none : snap.runs[0].history;
  if (!history.empty() && race && !ImGui::CollapsingHeader("Keras' epoch lines of the first run###cnn-epoch-lines"))
    return;
  if (!history.empty() &&
      ImGui::BeginTable(
          "epochs", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
          ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, 3 * ImGui::GetFrameHeightWithSpacing())))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("epoch", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    for (const char* h : {"loss", "accuracy", "val_loss", "val_accuracy", "lr"})
      ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, h[0] == 'l' && h[1] == 'r' ? 0.6f : 1.0f);
    ImGui::TableHeadersRow();
    const model::CnnRun& first = snap.runs[0];
    for (std::size_t e = 0; e < history.size(); ++e) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const bool partial = e < first.history_x.size() && first.history_x[e] < static_cast<double>(e + 1) - 1e-9;
      if (partial)  // how far a partial epoch got
        ImGui::Text("%zu (%ld/%ld)", e + 1,
                    std::lround((first.history_x[e] - static_cast<double>(e)) * static_cast<double>(first.batches)),
                    first.batches);
      else
        ImGui::Text("%zu", e + 1);
      if (partial && ImGui::IsItemHovered()) ImGui::SetTooltip("a partial epoch: the run ended inside it");
      int col = 1;
      for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}) {
        ImGui::TableSetColumnIndex(col++);
        const double v = logged(history[e], key);
        if (std::isnan(v))
          ImGui::TextDisabled("\u2014");
        else
          ImGui::Text(std::string(key) == "lr" ? "%.3g" : "%.4f", v);
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace lab::app
