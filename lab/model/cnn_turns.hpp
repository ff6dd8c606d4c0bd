// lab/model/cnn_turns.hpp — the race's batons: runs on their own threads take
// turns, one batch each, in a fixed order.
//
// Run 0 trains batch b, then run 1 batch b, …, then run 0 batch b + 1. Only
// the run holding the turn computes, so each one has every core for its
// batch (its model's own thread pool) and a race of four trains as many
// images a second as one run. A run that ends leaves the rotation; the rest
// go on without it.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

namespace lab::model {

class TurnTaking {
 public:
  explicit TurnTaking(int runs);
  void wait_turn(int run);  // blocks until it is `run`'s turn
  void pass(int run);       // `run` has had its turn: the next run still in the rotation
  void leave(int run);      // `run` is done; passes the turn when it held it

 private:
  void advance();  // the caller holds mutex_
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bool> in_;
  int turn_ = 0;
};

}  // namespace lab::model
