#include "link/lock_order_graph.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <set>
#include <tuple>

#include "link/lock_sets.h"

namespace hawk::audit {

namespace {

bool exempt(const Program& program, const std::string& function) {
  const Function* f = program.function(function);
  return f && f->no_thread_safety_analysis;
}

// A call on the way to a [[noreturn]] call: the thread is dying (abort, fatal logging), and
// the locks it takes there order nothing a running program does.
bool dying(const CallEdge& call) { return call.site != nullptr && call.site->dying; }

bool required(const Program& program, const std::string& function, const std::string& lock) {
  const Function* f = program.function(function);
  return f && find_lock(f->requires_locks, lock);
}

}  // namespace

LockOrderGraph::LockOrderGraph(const Program& program, const CallGraph& graph, const Threads& threads)
    : program_(program), graph_(graph), threads_(threads) {
  index_acquisitions();
  for (const LockOrderEdge& edge : program.lock_orders) {
    if (edge.held.empty() || edge.held == edge.acquired || edge.dying || exempt(program, edge.function)) continue;
    const ProgramPoint point{edge.function, &edge.threads_running};
    for (int root : threads.roots_of(edge.function)) {
      if (!threads.runs_alongside(point, root)) continue;
      add({edge.held, edge.acquired, edge.function, edge.pos, threads.via(root, edge.function), false, edge.function,
           &edge.threads_running, root, edge.held_shared, edge.acquired_shared});
    }
  }
  // A call made holding A, reaching code that takes B: A -> B, with the call in the chain.
  for (const auto& [key, function] : program.functions) {
    if (exempt(program, key)) continue;
    for (const CallEdge& call : graph.callees(key)) {
      if (call.lambda_context || dying(call)) continue;
      const ProgramPoint point{call.caller, call.threads_running};
      for (int root : threads.roots_of(call.caller)) {
        if (!threads.runs_alongside(point, root)) continue;
        // Made in a once body the thread's creator finished before starting it: the thread
        // only passes that once, it never makes this call.
        if (call.once != OnceVia::None && threads.passed_before_start(root, call.once_flag)) continue;
        const std::vector<HeldLock> held = union_locks(*call.locks, threads.held_on_entry(root, call.caller));
        if (held.empty()) continue;
        std::vector<ViaStep> prefix = threads.via(root, call.caller);
        prefix.push_back({program.function_name(call.caller), call.pos.file, call.pos.line});
        for (const Acquisition& acquisition : reachable_acquisitions(call.callee)) {
          for (const HeldLock& h : held) {
            if (h.lock == acquisition.lock) continue;
            std::vector<ViaStep> via = prefix;
            via.insert(via.end(), acquisition.chain.begin(), acquisition.chain.end());
            add({h.lock, acquisition.lock, acquisition.function, acquisition.pos, std::move(via), true, call.caller,
                 call.threads_running, root, h.shared, acquisition.shared});
          }
        }
      }
    }
  }
  for (auto& [key, evidence] : edges_)
    std::sort(evidence.begin(), evidence.end(), [](const LockOrderEvidence& x, const LockOrderEvidence& y) {
      return std::tie(x.through_call, x.pos, x.function, x.point_function, x.root) <
             std::tie(y.through_call, y.pos, y.function, y.point_function, y.root);
    });
}

void LockOrderGraph::add(LockOrderEvidence evidence) {
  // Code a thread never runs: a once body its creator finished before starting it.
  if (!threads_.runs_past_passages(evidence.root, evidence.point_function) ||
      !threads_.runs_past_passages(evidence.root, evidence.function))
    return;
  std::vector<LockOrderEvidence>& list = edges_[{evidence.held, evidence.acquired}];
  for (const LockOrderEvidence& known : list)
    if (known.root == evidence.root && known.pos == evidence.pos && known.point_function == evidence.point_function)
      return;
  list.push_back(std::move(evidence));
}

std::optional<std::pair<const LockOrderEvidence*, const LockOrderEvidence*>> LockOrderGraph::parallel_pair(
    const std::string& a, const std::string& b) const {
  auto forward = edges_.find({a, b});
  auto backward = edges_.find({b, a});
  if (forward == edges_.end() || backward == edges_.end()) return std::nullopt;
  // Two orders each set up only inside one once's body on its root run in that body's one
  // execution, one after the other.
  auto inside_one_once = [&](const LockOrderEvidence& x, const LockOrderEvidence& y) {
    const std::vector<std::string>& ox = threads_.enclosing_onces(x.root, x.point_function);
    const std::vector<std::string>& oy = threads_.enclosing_onces(y.root, y.point_function);
    return std::any_of(ox.begin(), ox.end(),
                       [&](const std::string& flag) { return std::binary_search(oy.begin(), oy.end(), flag); });
  };
  for (const LockOrderEvidence& x : forward->second)
    for (const LockOrderEvidence& y : backward->second)
      if (!inside_one_once(x, y) && threads_.parallel(x.point(), x.root, y.point(), y.root) &&
          waits_for(b, x, y) && waits_for(a, y, x))
        return std::make_pair(&x, &y);
  return std::nullopt;
}

bool LockOrderGraph::waits_for(const std::string& lock, const LockOrderEvidence& waiting,
                               const LockOrderEvidence& holding) const {
  if (!waiting.acquired_shared || !holding.held_shared) return true;
  auto writers = writers_.find(lock);
  if (writers == writers_.end()) return false;
  return std::any_of(writers->second.begin(), writers->second.end(), [&](const WriteAcquisition& writer) {
    const ProgramPoint point{writer.function, writer.threads_running};
    return threads_.parallel(point, writer.root, waiting.point(), waiting.root) &&
           threads_.parallel(point, writer.root, holding.point(), holding.root);
  });
}

std::optional<std::vector<const LockOrderEvidence*>> LockOrderGraph::blocking_choice(
    const std::vector<std::string>& cycle) const {
  // Edge i is cycle[i] -> cycle[i+1]; its thread waits for cycle[i+1], which edge i+1's
  // thread holds. A few candidates per edge, earliest first; forward search from each first.
  constexpr std::size_t kCandidates = 8;
  const std::size_t n = cycle.size();
  std::vector<std::vector<const LockOrderEvidence*>> candidates(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<LockOrderEvidence>& list = edges_.at({cycle[i], cycle[(i + 1) % n]});
    for (std::size_t k = 0; k < list.size() && k < kCandidates; ++k) candidates[i].push_back(&list[k]);
  }
  for (const LockOrderEvidence* first : candidates[0]) {
    // parent[i][k]: the chosen evidence of edge i-1 that candidates[i][k] can follow.
    std::vector<std::vector<const LockOrderEvidence*>> parent(n);
    std::vector<const LockOrderEvidence*> reached{first};
    for (std::size_t i = 1; i < n && !reached.empty(); ++i) {
      std::vector<const LockOrderEvidence*> next;
      parent[i].assign(candidates[i].size(), nullptr);
      for (std::size_t k = 0; k < candidates[i].size(); ++k)
        for (const LockOrderEvidence* before : reached)
          if (waits_for(cycle[i], *before, *candidates[i][k])) {
            parent[i][k] = before;
            next.push_back(candidates[i][k]);
            break;
          }
      reached = std::move(next);
    }
    for (const LockOrderEvidence* last : reached) {
      if (!waits_for(cycle[0], *last, *first)) continue;
      std::vector<const LockOrderEvidence*> out(n);
      out[n - 1] = last;
      for (std::size_t i = n - 1; i > 0; --i) {
        const auto& list = candidates[i];
        const std::size_t k = static_cast<std::size_t>(std::find(list.begin(), list.end(), out[i]) - list.begin());
        out[i - 1] = parent[i][k];
      }
      return out;
    }
  }
  return std::nullopt;
}

std::vector<const LockOrderEvidence*> LockOrderGraph::evidence(const std::vector<std::string>& cycle) const {
  if (cycle.size() == 2)
    if (auto pair = parallel_pair(cycle[0], cycle[1])) return {pair->first, pair->second};
  if (auto choice = blocking_choice(cycle)) return *choice;
  std::vector<const LockOrderEvidence*> out;
  for (std::size_t i = 0; i < cycle.size(); ++i)
    out.push_back(&edges_.at({cycle[i], cycle[(i + 1) % cycle.size()]}).front());
  return out;
}

void LockOrderGraph::index_acquisitions() {
  // function -> lock -> earliest acquisition, and whether every one there only reads it
  std::map<std::string, std::map<std::string, std::pair<SourcePos, bool>>> first;
  auto note = [&](const std::string& function, const std::string& lock, const SourcePos& pos, bool shared) {
    if (required(program_, function, lock)) return;  // the caller's, not taken here
    auto [it, inserted] = first[function].try_emplace(lock, pos, shared);
    if (inserted) return;
    if (pos < it->second.first) it->second.first = pos;
    it->second.second = it->second.second && shared;
  };
  for (const LockOrderEdge& edge : program_.lock_orders)
    if (!edge.dying) note(edge.function, edge.acquired, edge.pos, edge.acquired_shared);
  for (const auto& [key, f] : program_.functions)
    for (const HeldLock& h : f.acquires_on_return) note(key, h.lock, f.pos, h.shared);
  for (const auto& [function, locks] : first)
    for (const auto& [lock, taken] : locks) own_[function].push_back({lock, function, taken.first, {}, taken.second});
  // Writers: every blocking write acquisition (capture records each once with nothing held).
  for (const LockOrderEdge& edge : program_.lock_orders) {
    if (edge.dying || edge.acquired_shared || !edge.held.empty() || exempt(program_, edge.function)) continue;
    const ProgramPoint point{edge.function, &edge.threads_running};
    for (int root : threads_.roots_of(edge.function))
      if (threads_.runs_alongside(point, root) && threads_.runs_past_passages(root, edge.function))
        writers_[edge.acquired].push_back({&edge.threads_running, edge.function, root});
  }
}

const std::vector<LockOrderGraph::Acquisition>& LockOrderGraph::reachable_acquisitions(const std::string& function) {
  if (auto it = reachable_.find(function); it != reachable_.end()) return it->second;
  // BFS over real calls (a lambda merely written there is not run there).
  std::vector<Acquisition> out;
  std::set<std::string> taken;
  std::map<std::string, std::vector<ViaStep>> chains{{function, {}}};
  std::deque<std::string> queue{function};
  while (!queue.empty()) {
    const std::string current = std::move(queue.front());
    queue.pop_front();
    const std::vector<ViaStep> chain = chains[current];
    if (!exempt(program_, current)) {
      if (auto own = own_.find(current); own != own_.end())
        for (const Acquisition& acquisition : own->second) {
          if (!taken.insert(acquisition.lock).second) continue;
          out.push_back(acquisition);
          out.back().chain = chain;
        }
    }
    for (const CallEdge& edge : graph_.callees(current)) {
      if (edge.lambda_context || dying(edge) || chains.count(edge.callee)) continue;
      std::vector<ViaStep> next = chain;
      next.push_back({program_.function_name(current), edge.pos.file, edge.pos.line});
      chains.emplace(edge.callee, std::move(next));
      queue.push_back(edge.callee);
    }
  }
  return reachable_.emplace(function, std::move(out)).first->second;
}

std::vector<std::vector<std::string>> LockOrderGraph::cycles() const {
  std::map<std::string, std::set<std::string>> successors;
  for (const auto& [edge, evidence] : edges_) {
    successors[edge.first].insert(edge.second);
    successors[edge.second];
  }
  // Tarjan's strongly connected components.
  std::map<std::string, int> index, low;
  std::set<std::string> on_stack;
  std::vector<std::string> stack;
  std::vector<std::vector<std::string>> components;
  int counter = 0;
  std::function<void(const std::string&)> visit = [&](const std::string& v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack.insert(v);
    for (const std::string& w : successors[v]) {
      if (!index.count(w)) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack.count(w)) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] != index[v]) return;
    std::vector<std::string> component;
    std::string w;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack.erase(w);
      component.push_back(w);
    } while (w != v);
    if (component.size() > 1) components.push_back(std::move(component));
  };
  for (const auto& [lock, next] : successors)
    if (!index.count(lock)) visit(lock);

  std::vector<std::vector<std::string>> out;
  for (std::vector<std::string>& component : components) {
    std::sort(component.begin(), component.end());
    const std::set<std::string> members(component.begin(), component.end());
    bool found_pair = false;
    for (const std::string& a : component)
      for (const std::string& b : successors[a])
        if (a < b && members.count(b) && successors[b].count(a) && parallel_pair(a, b)) {
          out.push_back({a, b});
          found_pair = true;
        }
    if (found_pair) continue;
    // A longer cycle only: the shortest one back to the smallest lock.
    const std::string& start = component.front();
    std::map<std::string, std::string> parent;
    std::deque<std::string> queue{start};
    std::string last;
    while (!queue.empty() && last.empty()) {
      const std::string v = queue.front();
      queue.pop_front();
      for (const std::string& w : successors[v]) {
        if (!members.count(w)) continue;
        if (w == start) {
          last = v;
          break;
        }
        if (parent.count(w)) continue;
        parent[w] = v;
        queue.push_back(w);
      }
    }
    if (last.empty()) continue;
    std::vector<std::string> cycle;
    for (std::string v = last; v != start; v = parent[v]) cycle.push_back(v);
    cycle.push_back(start);
    std::reverse(cycle.begin(), cycle.end());
    if (cycle.size() == 2) continue;  // a two-lock cycle whose orders never meet in parallel
    if (!blocking_choice(cycle)) continue;  // readers only, nothing to make them wait
    out.push_back(std::move(cycle));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hawk::audit
