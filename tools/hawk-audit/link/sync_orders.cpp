#include "link/sync_orders.h"

#include <algorithm>
#include <iterator>

#include "link/lock_sets.h"

namespace hawk::audit {

SyncOrders::SyncOrders(const Program& program, const Threads& threads, const CallGraph& graph) : threads_(threads) {
  for (const auto& [key, function] : program.functions) {
    for (const SyncSignal& signal : function.sync_signals) {
      Signals& signals = signals_[signal.object];
      signals.functions.insert(key);
      signals.unordered = signals.unordered || signal.kind == SignalKind::Unordered;
      signals.barrier = signals.barrier || signal.kind == SignalKind::Barrier;
      signals.single = signals.single || signal.kind == SignalKind::Single;
    }
  }
  // A start site captured in several units: only what every one of them saw.
  for (const ThreadStart& start : program.thread_starts) {
    auto [it, first] = held_across_life_.try_emplace(start.pos, start.held_across_life);
    if (!first) it->second = intersect_locks(it->second, start.held_across_life);
  }
  propagate_waits(program, graph);
}

void SyncOrders::propagate_waits(const Program& program, const CallGraph& graph) {
  const bool any_wait = std::any_of(program.calls.begin(), program.calls.end(),
                                    [](const CallSite& call) { return !call.waited.empty(); });
  if (!any_wait) return;  // most programs: nothing to carry
  using Objects = std::vector<std::string>;
  static const Objects nothing;
  auto waited_at = [](const CallEdge& edge) -> const Objects& {
    return edge.site != nullptr && !edge.lambda_context && !edge.by_address ? edge.site->waited : nothing;
  };
  auto runs_on = [&](std::string_view function, int root) {
    const std::vector<int>& roots = threads_.roots_of(function);
    return std::binary_search(roots.begin(), roots.end(), root);
  };
  // Per root, a greatest fixed point: each function starts at "everything" (nullopt) and
  // shrinks to what all the root's calls into it have waited for; entries wait for nothing.
  for (int root = 0; root < static_cast<int>(threads_.roots().size()); ++root) {
    std::map<std::string_view, std::optional<Objects>> waited;
    std::map<std::string_view, std::vector<const CallEdge*>> incoming;
    for (const auto& [key, function] : program.functions) {
      if (!runs_on(key, root)) continue;
      std::vector<const CallEdge*> calls;
      for (const CallEdge& edge : graph.callers(key))
        if (runs_on(edge.caller, root)) calls.push_back(&edge);
      if (threads_.via(root, key).empty() || calls.empty()) {
        waited[key] = Objects{};
      } else {
        waited[key] = std::nullopt;
        incoming[key] = std::move(calls);
      }
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [function, edges] : incoming) {
        std::optional<Objects> next;
        for (const CallEdge* edge : edges) {
          auto caller = waited.find(edge->caller);
          if (caller == waited.end() || !caller->second) continue;  // not known yet
          Objects here;
          std::set_union(caller->second->begin(), caller->second->end(), waited_at(*edge).begin(),
                         waited_at(*edge).end(), std::back_inserter(here));
          if (next) {
            Objects both;
            std::set_intersection(next->begin(), next->end(), here.begin(), here.end(), std::back_inserter(both));
            next = std::move(both);
          } else {
            next = std::move(here);
          }
        }
        std::optional<Objects>& state = waited[function];
        if (next && next != state) {
          state = std::move(next);
          changed = true;
        }
      }
    }
    for (auto& [function, state] : waited)
      if (state && !state->empty()) waited_on_entry_[std::string(function)][root] = std::move(*state);
  }
}

const std::vector<std::string>& SyncOrders::waited_on_entry(int root, std::string_view function) const {
  static const std::vector<std::string> none;
  auto it = waited_on_entry_.find(function);
  if (it == waited_on_entry_.end()) return none;
  auto on_root = it->second.find(root);
  return on_root == it->second.end() ? none : on_root->second;
}

std::optional<std::string> SyncOrders::ordered(const SyncPoint& a, int root_a, const SyncPoint& b, int root_b) const {
  if (auto why = signal_before_wait(a, root_a, b, root_b)) return why;
  if (auto why = signal_before_wait(b, root_b, a, root_a)) return why;
  if (auto why = lock_across_life(a, root_a, b, root_b)) return why;
  return lock_across_life(b, root_b, a, root_a);
}

bool SyncOrders::has_waited(const SyncPoint& point, int root, std::string_view object) const {
  const auto found = [&](const std::vector<std::string>& objects) {
    return std::binary_search(objects.begin(), objects.end(), object, std::less<>());
  };
  return found(*point.waited) || found(waited_on_entry(root, point.point.function));
}

// The waiting side may run on any root: its wait returns only after a signal.
std::optional<std::string> SyncOrders::signal_before_wait(const SyncPoint& p, int root_p, const SyncPoint& q,
                                                          int root_q) const {
  std::vector<std::string> waits;
  const std::vector<std::string>& on_entry = waited_on_entry(root_q, q.point.function);
  std::set_union(q.waited->begin(), q.waited->end(), on_entry.begin(), on_entry.end(), std::back_inserter(waits));
  for (const std::string& object : waits) {
    if (std::binary_search(p.signalled->begin(), p.signalled->end(), object)) continue;  // may follow a signal
    auto found = signals_.find(object);
    if (found == signals_.end()) continue;  // nothing signals it: the wait never returns
    const Signals& signals = found->second;
    if (signals.unordered || (signals.barrier && signals.single)) continue;
    if (!signals.functions.count(p.point.function) || threads_.runs_more_than_once(p.point.function)) continue;
    if (signals.barrier) {
      // Every arrival of the root's instance at X is in this run of this function.
      const bool only_here = std::all_of(signals.functions.begin(), signals.functions.end(), [&](const std::string& f) {
        const std::vector<int>& roots = threads_.roots_of(f);
        return f == p.point.function || std::find(roots.begin(), roots.end(), root_p) == roots.end();
      });
      if (only_here) return "both sides meet at barrier " + object + ", one before arriving, the other after the phase ends";
      continue;
    }
    const std::vector<int>& roots = threads_.roots_of(p.point.function);
    if (signals.functions.size() == 1 && roots.size() == 1 && roots.front() == root_p &&
        threads_.root(root_p).multiplicity == Multiplicity::Once)
      return "one runs before the only signal of " + object + ", the other after waiting for it";
  }
  return std::nullopt;
}

std::optional<std::string> SyncOrders::lock_across_life(const SyncPoint& p, int root_p, const SyncPoint& q,
                                                        int root_q) const {
  const ThreadRoot& thread = threads_.root(root_p);
  if (thread.kind != RootKind::Start || root_q == root_p) return std::nullopt;
  auto held = held_across_life_.find(thread.started_at);
  if (held == held_across_life_.end() || held->second.empty()) return std::nullopt;
  if (threads_.in_window(q.point, root_p)) return std::nullopt;  // the creator's own code inside the region
  for (const HeldLock& lock : held->second) {
    const HeldLock* theirs = find_lock(*q.locks, lock.lock);
    if (theirs == nullptr || (theirs->shared && lock.shared)) continue;
    return "its creator holds " + lock.lock + " for the whole life of " + threads_.describe(root_p, p.point.function) +
           ", and the other holds it too";
  }
  return std::nullopt;
}

}  // namespace hawk::audit
