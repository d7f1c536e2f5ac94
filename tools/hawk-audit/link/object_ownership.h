// Methods that run on an object no other thread can reach at the time (DESIGN "Phases and
// ownership"): their accesses to their own object (`this->x_`) are not shared, as a
// constructor's are not.
//
// - Built or torn down: a method only the object's constructors and destructors call on
//   it (and what only such methods call on it) runs before the object is published, or
//   after it is given up.
// - Owned by one call: a method only ever called on an object a caller owns — a local or
//   by-value parameter (or a part of one), or a fresh allocation held in a local pointer,
//   whose address goes nowhere else (CallSite::on_owned_object) — or on `this` from such
//   a method, or on what an owned parameter designates; and that lets `this` go nowhere
//   (Function::this_escapes). A reference or pointer parameter is owned when every call
//   passes it an object the caller owns, or its own owned parameter, and the body keeps
//   it to itself (Function::escaping_parameters); the fields reached through it
//   (Access::through_parameter) are not shared. Per-request and per-connection objects
//   made by the thread that serves them, and handed down by reference, are such objects.
//
// Never a thread's entry or a method unknown callers call: those are reached from
// elsewhere.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "link/call_graph.h"
#include "link/program.h"
#include "link/threads.h"

namespace hawk::audit {

class ObjectOwnership {
 public:
  ObjectOwnership(const Program& program, const CallGraph& graph, const Threads& threads);

  // Its accesses to its own object are not shared (see above).
  bool runs_on_unshared_object(std::string_view function) const {
    return built_.count(function) != 0 || owned_.count(function) != 0;
  }
  // What parameter `index` of `function` designates is owned by one call up the chain.
  bool owned_parameter(std::string_view function, int index) const {
    return index >= 0 && owned_parameters_.count({std::string(function), static_cast<unsigned>(index)}) != 0;
  }

 private:
  std::set<std::string, std::less<>> built_;  // only while the object is built or torn down
  std::set<std::string, std::less<>> owned_;  // only on an object one call owns
  std::set<std::pair<std::string, unsigned>> owned_parameters_;
};

}  // namespace hawk::audit
