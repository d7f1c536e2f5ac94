#include "link/object_ownership.h"

#include <algorithm>

namespace hawk::audit {

namespace {

// Greatest fixed point: every candidate first, then drop each with an edge into it that
// `keeps` does not accept, until none is dropped.
template <class Keeps>
void shrink(std::set<std::string, std::less<>>& set, const CallGraph& graph, Keeps keeps) {
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = set.begin(); it != set.end();) {
      const std::vector<CallEdge>& in = graph.callers(*it);
      if (std::all_of(in.begin(), in.end(), [&](const CallEdge& edge) { return keeps(edge); })) {
        ++it;
        continue;
      }
      it = set.erase(it);
      changed = true;
    }
  }
}

}  // namespace

ObjectOwnership::ObjectOwnership(const Program& program, const CallGraph& graph, const Threads& threads) {
  for (const auto& [key, function] : program.functions) {
    if (function.owner_class.empty() || function.is_lambda || function.is_constructor || function.is_destructor ||
        function.is_static || threads.is_entry(key) || graph.callers(key).empty())
      continue;
    built_.insert(key);
    if (!function.this_escapes) owned_.insert(key);
  }
  auto structor = [&](const std::string& key) {
    const Function* f = program.function(key);
    return f != nullptr && (f->is_constructor || f->is_destructor);
  };
  // A call is made, on this very object, by code that runs while it is built or torn down.
  shrink(built_, graph, [&](const CallEdge& edge) {
    return !edge.lambda_context && !edge.by_address && edge.on_this &&
           (structor(edge.caller) || built_.count(edge.caller) != 0);
  });

  // Which parameters escape: kept where capture saw it, or handed on to a parameter that
  // escapes (virtual calls: to any override's), or to a callee with no body here.
  std::set<std::pair<std::string, unsigned>> escapes;
  std::set<std::string, std::less<>> overridden;  // a call of it reaches an override's body
  for (const auto& [key, function] : program.functions) {
    for (unsigned index : function.escaping_parameters) escapes.emplace(key, index);
    overridden.insert(function.overrides.begin(), function.overrides.end());
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [key, function] : program.functions) {
      for (const CallEdge& edge : graph.callees(key)) {
        if (edge.site == nullptr) continue;
        for (const auto& [to, from] : edge.site->forwarded_parameters) {
          if (escapes.count({key, from})) continue;
          const bool unseen = program.function(edge.callee) == nullptr && overridden.count(edge.callee) == 0;
          const bool lost = unseen || escapes.count({edge.callee, to});
          if (lost && escapes.emplace(key, from).second) changed = true;
        }
      }
    }
  }

  // Parameters first: candidates are those some call passes an owned object or an own
  // parameter, and that the body keeps to itself; each call must pass one.
  for (const auto& [key, callee] : program.functions) {
    if (threads.is_entry(key)) continue;
    for (const CallEdge& edge : graph.callers(key)) {  // virtual calls reach each override
      if (edge.site == nullptr || edge.by_address) continue;
      auto add = [&](unsigned index) {
        if (!escapes.count({key, index})) owned_parameters_.emplace(key, index);
      };
      for (unsigned index : edge.site->owned_arguments) add(index);
      for (const auto& [index, from] : edge.site->forwarded_parameters) add(index);
    }
  }
  auto passes_owned = [&](const CallEdge& edge, unsigned index) {
    if (edge.site == nullptr || edge.by_address) return false;
    const CallSite& site = *edge.site;
    if (std::find(site.owned_arguments.begin(), site.owned_arguments.end(), index) != site.owned_arguments.end())
      return true;
    for (const auto& [to, from] : site.forwarded_parameters)
      if (to == index && owned_parameters_.count({edge.caller, from}) != 0) return true;
    return false;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = owned_parameters_.begin(); it != owned_parameters_.end();) {
      const std::vector<CallEdge>& in = graph.callers(it->first);
      if (!in.empty() && std::all_of(in.begin(), in.end(), [&](const CallEdge& e) { return passes_owned(e, it->second); })) {
        ++it;
        continue;
      }
      it = owned_parameters_.erase(it);
      changed = true;
    }
  }
  // A call is made on an object the caller owns, on what an owned parameter designates, or
  // on this very object by such a method.
  shrink(owned_, graph, [&](const CallEdge& edge) {
    if (edge.lambda_context || edge.by_address) return false;
    if (edge.on_owned_object) return true;
    if (edge.site != nullptr && edge.site->receiver_parameter >= 0 &&
        owned_parameters_.count({edge.caller, static_cast<unsigned>(edge.site->receiver_parameter)}) != 0)
      return true;
    return edge.on_this && (owned_.count(edge.caller) != 0 || built_.count(edge.caller) != 0 || structor(edge.caller));
  });
}

}  // namespace hawk::audit
