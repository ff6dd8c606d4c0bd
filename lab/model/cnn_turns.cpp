#include "lab/model/cnn_turns.hpp"

#include <algorithm>

namespace lab::model {

TurnTaking::TurnTaking(int runs) : in_(static_cast<std::size_t>(std::max(runs, 1)), true) {}

void TurnTaking::advance() {
  const int n = static_cast<int>(in_.size());
  for (int k = 1; k <= n; ++k) {
    const int next = (turn_ + k) % n;
    if (in_[static_cast<std::size_t>(next)]) {
      turn_ = next;
      return;
    }
  }
}

void TurnTaking::wait_turn(int run) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return turn_ == run; });
}

void TurnTaking::pass(int run) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (turn_ == run) advance();
  }
  changed_.notify_all();
}

void TurnTaking::leave(int run) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_[static_cast<std::size_t>(run)] = false;
    if (turn_ == run) advance();
  }
  changed_.notify_all();
}

}  // namespace lab::model
