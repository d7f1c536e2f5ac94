#include "link/parameter_contexts.h"

#include <map>

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "link/lock_sets.h"

namespace hawk::audit {

namespace {

// How far up the callers an access is taken, and how many copies one access may become;
// past either it stays where capture saw it (a field of any object).
constexpr int kMaxCallDepth = 8;
constexpr std::size_t kMaxCopies = 512;

// Both sorted and unique (Access::waited, Access::signalled), as the result is.
std::vector<std::string> union_of(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// The callee's members `members` within the object a call (or start) passes: past a part
// of it not known (`&items[i]`), any part of it.
std::string within(const ArgumentObject& object, const std::string& members) {
  if (object.subobject.ends_with(kAnyPart) || members.empty()) return object.subobject;
  if (object.subobject.empty()) return members;
  return object.subobject + "." + members;
}

class Rebaser {
 public:
  Rebaser(const Program& program, const CallGraph& graph, const Threads& threads)
      : program_(program), graph_(graph), threads_(threads) {}

  // Whether accesses of `function` through its parameters are taken into its callers.
  bool taken_into_callers(const std::string& function) const {
    if (threads_.is_entry(function)) return false;
    const Function* f = program_.function(function);
    if (f == nullptr || f->is_lambda) return false;
    const std::vector<CallEdge>& in = graph_.callers(function);
    return !in.empty() && std::all_of(in.begin(), in.end(), [](const CallEdge& edge) {
      return edge.site != nullptr && !edge.by_address && !edge.lambda_context &&
             (edge.once == OnceVia::None || edge.once == OnceVia::OnceRegion ||
              edge.once == OnceVia::StaticInitialiser);
    });
  }

  // The copies of `access` seen from its callers, or nullopt to keep it as it is.
  std::optional<std::vector<Access>> copies(const Access& access) const {
    std::vector<Access> done;
    std::vector<std::pair<Access, int>> pending{{access, 0}};
    // A caller that calls the same function at several places with the same locks and
    // orderings gives copies that differ only in the call shown: one goes on up, so a
    // helper used all over a program stays under kMaxCopies.
    std::set<ContextKey> seen;
    while (!pending.empty()) {
      auto [current, depth] = std::move(pending.back());
      pending.pop_back();
      const bool through_this = current.on_this && !current.in_own_constructor_or_destructor;
      if ((current.through_parameter < 0 && !through_this) || !current.threads_running.empty() ||
          current.escapes_by_return || !taken_into_callers(current.function)) {
        if (depth == 0) return std::nullopt;
        done.push_back(std::move(current));
        continue;
      }
      // As deep as it goes: it stays here, a field of what this function's parameter
      // designates, with the locks of the calls down to it.
      if (depth == kMaxCallDepth) {
        done.push_back(std::move(current));
        continue;
      }
      bool outer_call = false;
      for (const CallEdge& edge : graph_.callers(current.function)) {
        // A recursive call adds no context the outer calls do not give (only its locks,
        // which the outer path may lack: leaving them out is the cautious side).
        if (on_chain(current, edge.caller)) continue;
        outer_call = true;
        std::optional<Access> copy = current.through_parameter >= 0
                                         ? at_call(current, static_cast<unsigned>(current.through_parameter), *edge.site)
                                         : on_object_of_call(current, *edge.site);
        if (!copy || !seen.insert(context_key(*copy)).second) continue;
        pending.emplace_back(std::move(*copy), depth + 1);
        if (done.size() + pending.size() > kMaxCopies) return std::nullopt;
      }
      if (!outer_call) done.push_back(std::move(current));
    }
    return done;
  }

 private:
  // What decides a copy's further copies and its verdicts, all but the call sites of its
  // chain (the functions on it stay: they decide which callers are recursive).
  using ContextKey = std::tuple<std::string, int, bool, bool, bool, bool, std::string, std::string, std::string, OnceVia,
                                std::vector<HeldLock>, std::vector<SourcePos>, std::vector<std::string>,
                                std::vector<std::string>, std::vector<std::string>>;
  static ContextKey context_key(const Access& a) {
    std::vector<std::string> chain;
    for (const auto& [caller, call] : a.through_calls) chain.push_back(caller);
    std::sort(chain.begin(), chain.end());
    return {a.function, a.through_parameter, a.on_this, a.in_own_constructor_or_destructor, a.parameter_let_go,
            a.parameter_object_only, a.location, a.subobject, a.once_initialiser, a.once_via, a.locks,
            a.threads_running, a.waited, a.signalled, std::move(chain)};
  }

  // `function` is one of those the access is already taken up through.
  static bool on_chain(const Access& access, const std::string& function) {
    if (function == access.function || function == access.written_in) return true;
    return std::any_of(access.through_calls.begin(), access.through_calls.end(),
                       [&](const auto& call) { return call.first == function; });
  }

  // `access`, made on the callee's own object (`this->x_`), as the call `site` makes it:
  // nullopt when the call is on an object the caller owns and the callee lets `this` go
  // nowhere; through the caller's parameter for `p->m()`, on the caller's own object for
  // `m()` (in its constructor or destructor: the object being built or torn down, as
  // capture takes the constructor's own accesses), else with the caller's locks, on
  // whichever object.
  std::optional<Access> on_object_of_call(const Access& access, const CallSite& site) const {
    const Function* callee = program_.function(access.function);
    const bool this_kept = callee == nullptr || callee->this_escapes;
    if (site.on_owned_object && !this_kept) return std::nullopt;
    Access copy = in_caller(access, site);
    if (site.receiver_parameter >= 0) {
      copy.through_parameter = site.receiver_parameter;
      copy.parameter_let_go = std::binary_search(site.let_go_parameters.begin(), site.let_go_parameters.end(),
                                                 static_cast<unsigned>(site.receiver_parameter));
    } else if (site.on_this) {
      const Function* caller = program_.function(site.caller);
      copy.on_this = true;
      copy.in_own_constructor_or_destructor = caller != nullptr && (caller->is_constructor || caller->is_destructor);
    }
    return copy;
  }

  // `access`, made through parameter `index` of the callee, as the call `site` makes it;
  // nullopt when the call passes an object of its own that the callee has not let go
  // before the access (after that, other threads may reach it: the access is shared).
  static std::optional<Access> at_call(const Access& access, unsigned index, const CallSite& site) {
    if (std::find(site.owned_arguments.begin(), site.owned_arguments.end(), index) != site.owned_arguments.end() &&
        !access.parameter_let_go)
      return std::nullopt;
    auto let_go_by_caller = [&](int parameter) {
      return parameter >= 0 && std::binary_search(site.let_go_parameters.begin(), site.let_go_parameters.end(),
                                                  static_cast<unsigned>(parameter));
    };
    Access copy = in_caller(access, site);
    bool named = false;
    for (const auto& [to, from] : site.forwarded_parameters)
      if (to == index) {
        copy.through_parameter = static_cast<int>(from);
        copy.parameter_let_go = access.parameter_let_go || let_go_by_caller(copy.through_parameter);
        named = true;
      }
    for (const ArgumentObject& object : site.argument_objects)
      if (object.parameter == index) {
        copy.location = object.location;
        copy.subobject = within(object, access.subobject);
        copy.through_parameter = object.through_parameter;
        copy.parameter_let_go = let_go_by_caller(object.through_parameter);
        copy.parameter_object_only = false;
        named = true;
      }
    // An object capture kept only to be named here, and this call does not name it.
    if (!named && copy.parameter_object_only) return std::nullopt;
    return copy;
  }

  // `access` as the call `site` makes it, through none of the caller's parameters: it
  // runs in the caller, with the caller's locks, orderings and once regions at the call.
  static Access in_caller(const Access& access, const CallSite& site) {
    Access copy = access;
    if (copy.written_in.empty()) copy.written_in = access.function;
    copy.through_calls.insert(copy.through_calls.begin(), {site.caller, site.pos});
    copy.function = site.caller;
    copy.through_parameter = -1;
    copy.parameter_let_go = false;
    copy.locks = union_locks(site.locks, access.locks);
    copy.threads_running = site.threads_running;
    copy.waited = union_of(site.waited, access.waited);
    copy.signalled = union_of(site.signalled, access.signalled);
    if (copy.once_initialiser.empty() && !site.once_flag.empty()) {
      copy.once_initialiser = site.once_flag;
      copy.once_via = site.once == OnceVia::StaticInitialiser ? OnceVia::None : site.once;
    }
    copy.on_this = false;
    copy.in_own_constructor_or_destructor = false;
    copy.initialises_local_static = false;
    return copy;
  }

  const Program& program_;
  const CallGraph& graph_;
  const Threads& threads_;
};

// Accesses through a parameter of a thread's entry (its `void *arg`, a reference a
// std::thread passes with std::ref), on the object each start passes it: one copy per
// start that names an object (ThreadStart::argument_objects), run only by that start's
// thread (Access::on_thread_started_at). When every start of the entry names it, those
// copies are all there is: the access on whichever object goes.
void add_thread_argument_accesses(const Program& program, std::vector<Access>& accesses) {
  std::map<std::string, std::vector<const ThreadStart*>, std::less<>> starts_of;
  for (const ThreadStart& start : program.thread_starts) starts_of[start.entry].push_back(&start);
  auto names = [](const ThreadStart& start, unsigned parameter) {
    return std::any_of(start.argument_objects.begin(), start.argument_objects.end(),
                       [&](const ArgumentObject& object) { return object.parameter == parameter; });
  };
  std::vector<Access> copies;
  std::vector<bool> covered(accesses.size(), false);
  for (std::size_t i = 0; i < accesses.size(); ++i) {
    const Access& access = accesses[i];
    if (access.through_parameter < 0) continue;
    auto starts = starts_of.find(access.function);
    if (starts == starts_of.end()) continue;
    const auto parameter = static_cast<unsigned>(access.through_parameter);
    covered[i] = std::all_of(starts->second.begin(), starts->second.end(),
                             [&](const ThreadStart* start) { return names(*start, parameter); });
    for (const ThreadStart* start : starts->second)
      for (const ArgumentObject& object : start->argument_objects) {
        if (object.parameter != parameter) continue;
        Access copy = access;
        copy.location = object.location;
        copy.subobject = within(object, access.subobject);
        copy.through_parameter = -1;
        copy.parameter_let_go = false;
        copy.parameter_object_only = false;
        copy.on_thread_started_at = start->pos;
        copies.push_back(std::move(copy));
      }
  }
  std::vector<Access> kept;
  kept.reserve(accesses.size() + copies.size());
  for (std::size_t i = 0; i < accesses.size(); ++i)
    if (!covered[i]) kept.push_back(std::move(accesses[i]));
  for (Access& copy : copies) kept.push_back(std::move(copy));
  accesses = std::move(kept);
}

}  // namespace

void take_parameter_accesses_into_callers(Program& program, const CallGraph& graph, const Threads& threads) {
  // Handed to a callee of another unit that uses it only through its fields: those
  // accesses, in the callee, stand for it.
  std::erase_if(program.accesses, [&](const Access& access) {
    if (access.passed_to.empty() || access.passed_parameter < 0) return false;
    const Function* callee = program.function(access.passed_to);
    if (callee == nullptr) return false;
    const auto& only = callee->fields_only_parameters;
    return std::find(only.begin(), only.end(), static_cast<unsigned>(access.passed_parameter)) != only.end();
  });
  const Rebaser rebaser(program, graph, threads);
  std::vector<Access> accesses;
  accesses.reserve(program.accesses.size());
  for (Access& access : program.accesses) {
    std::optional<std::vector<Access>> copies = rebaser.copies(access);
    if (!copies) {
      accesses.push_back(std::move(access));
    } else {
      for (Access& copy : *copies) accesses.push_back(std::move(copy));
    }
  }
  add_thread_argument_accesses(program, accesses);
  // What was kept only to be named from its calls and no call named stays unknown: a field
  // of a class nothing says is shared, of whichever object one thread uses.
  std::erase_if(accesses, [](const Access& access) { return access.parameter_object_only; });
  auto identity = [](const Access& a) {
    return std::tie(a.pos, a.location, a.subobject, a.function, a.kind, a.locks, a.once_initialiser,
                    a.through_parameter, a.through_calls, a.waited, a.signalled, a.on_thread_started_at);
  };
  std::sort(accesses.begin(), accesses.end(), [&](const Access& a, const Access& b) { return identity(a) < identity(b); });
  accesses.erase(std::unique(accesses.begin(), accesses.end(),
                             [&](const Access& a, const Access& b) { return identity(a) == identity(b); }),
                 accesses.end());
  program.accesses = std::move(accesses);
}

}  // namespace hawk::audit
