// The CNN trainer's editor and inside view change only through commands:
// each command changes the pane's choices as it says, a bad one leaves them
// as they were, and a run that starts clears the choices of the last model.
#include <catch2/catch.hpp>

#include "lab/model/cnn_pane.hpp"
#include "lab/model/commands.hpp"

using namespace lab::model;

namespace {

struct Window {
  Experiment experiment;
  Timeline timeline;
  CnnConfig draft;
  CnnPane pane;
  Targets targets() { return Targets{experiment, timeline, nullptr, nullptr, &draft, &pane}; }
  std::string apply(const Command& c) { return lab::model::apply(c, targets()); }
};

}  // namespace

TEST_CASE("the layer editor's plan changes only through its commands") {
  Window w;
  REQUIRE(w.pane.plan == preset_plan("cnn", 10));
  REQUIRE(w.apply(cmd::StartPlanFrom{"mlp", 3}).empty());
  CHECK(w.pane.plan == preset_plan("mlp", 3));
  // Flatten, Dense(128), Dense(3, softmax): a Dropout before the output, then moved up, set, removed.
  REQUIRE(w.apply(cmd::AddLayer{default_spec(LayerKind::Dropout), 2}).empty());
  CHECK(w.pane.plan.layers[2].kind == LayerKind::Dropout);
  REQUIRE(w.apply(cmd::MoveLayer{2, -1}).empty());
  CHECK(w.pane.plan.layers[1].kind == LayerKind::Dropout);
  LayerSpec dropout = w.pane.plan.layers[1];
  dropout.rate = 0.25;
  REQUIRE(w.apply(cmd::SetLayer{1, dropout}).empty());
  CHECK(w.pane.plan.layers[1].rate == 0.25);
  REQUIRE(w.apply(cmd::RemoveLayer{1}).empty());
  CHECK(w.pane.plan == preset_plan("mlp", 3));
  // A layer the plan does not have, or a preset that does not exist: refused, the plan as it was.
  CHECK_THAT(w.apply(cmd::RemoveLayer{3}), Catch::Contains("no layer 4"));
  CHECK_THAT(w.apply(cmd::SetLayer{7, dropout}), Catch::Contains("no layer 8"));
  CHECK_THAT(w.apply(cmd::StartPlanFrom{"resnet", 3}), Catch::Contains("resnet"));
  CHECK(w.pane.plan == preset_plan("mlp", 3));
  // Without a CNN trainer the commands say so.
  Experiment e;
  Timeline t;
  CHECK_FALSE(lab::model::apply(cmd::RemoveLayer{0}, Targets{e, t}).empty());
}

TEST_CASE("the gallery's filter and order, the chosen image, the canvas and the paint change through commands") {
  Window w;
  REQUIRE(w.apply(cmd::ShowMisclassified{{.label = 4, .predicted = 9}}).empty());
  CHECK(w.pane.filter == CellFilter{.label = 4, .predicted = 9});
  REQUIRE(w.apply(cmd::SetGalleryOrder{GalleryOrder::LeastConfident}).empty());
  CHECK(w.pane.order == GalleryOrder::LeastConfident);
  REQUIRE(w.apply(cmd::ChooseTestImage{17}).empty());
  CHECK(w.pane.chosen == 17);
  CHECK_FALSE(w.apply(cmd::ChooseTestImage{-1}).empty());
  CHECK(w.pane.chosen == 17);

  // Every change of the canvas advances its version (the view reads it again).
  const std::uint64_t v0 = w.pane.canvas_version;
  REQUIRE(w.apply(cmd::BeginStroke{{50, 20}}).empty());
  REQUIRE(w.apply(cmd::ExtendStroke{{50, 90}}).empty());
  CHECK(w.pane.canvas_version == v0 + 2);
  REQUIRE(w.pane.canvas.strokes().size() == 1);
  CHECK(w.pane.canvas.strokes()[0] == Stroke{{50, 20}, {50, 90}});
  REQUIRE(w.apply(cmd::ClearCanvas{}).empty());
  CHECK(w.pane.canvas.empty());
  CHECK(w.pane.canvas_version == v0 + 3);

  const PaintStroke light{{1, 1}, {5, 5}, 255}, dark{{5, 5}, {9, 2}, 0};
  REQUIRE(w.apply(cmd::ChoosePaintImage{3}).empty());
  REQUIRE(w.apply(cmd::Paint{light}).empty());
  REQUIRE(w.apply(cmd::Paint{dark}).empty());
  CHECK(w.pane.edit_index == 3);
  CHECK(w.pane.paint == std::vector<PaintStroke>{light, dark});
  REQUIRE(w.apply(cmd::RestorePaintImage{}).empty());
  CHECK(w.pane.paint.empty());
  REQUIRE(w.apply(cmd::Paint{light}).empty());
  REQUIRE(w.apply(cmd::ChoosePaintImage{4}).empty());  // another image: its own paint
  CHECK(w.pane.paint.empty());

  // A new run's model: the choices of the last one go; the gallery's filter, its order and the plan stay.
  REQUIRE(w.apply(cmd::BeginStroke{{10, 10}}).empty());
  REQUIRE(w.apply(cmd::Paint{light}).empty());
  w.pane.new_run();
  CHECK(w.pane.chosen == 0);
  CHECK(w.pane.canvas.empty());
  CHECK(w.pane.edit_index == 0);
  CHECK(w.pane.paint.empty());
  CHECK(w.pane.filter == CellFilter{.label = 4, .predicted = 9});
  CHECK(w.pane.order == GalleryOrder::LeastConfident);
}
