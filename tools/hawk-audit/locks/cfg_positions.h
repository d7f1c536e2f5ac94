// Where each statement of a function body sits in its CFG, so a dataflow result kept per
// CFG element can be asked about any expression inside that element.
#pragma once

#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include <clang/Analysis/CFG.h>

namespace hawk::audit {

struct CfgPosition {
  unsigned block = 0;  // CFGBlock::getBlockID()
  unsigned index = 0;  // the element's index in the block; block->size() for its terminator
};

using CfgPositions = std::unordered_map<const clang::Stmt*, CfgPosition>;

// Every statement and sub-expression of the body mapped to the innermost CFG element that
// contains it (member initialisers included). Lambda and block bodies are left out: they
// are analysed as functions of their own.
CfgPositions map_cfg_positions(const clang::CFG& cfg);

// The position of `stmt`, or of the nearest statement around it (`parents.parent`) that
// the CFG lists; null when none is.
template <typename Parents>
const CfgPosition* nearest_cfg_position(const CfgPositions& positions, const Parents& parents,
                                        const clang::Stmt& stmt) {
  const clang::Stmt* node = &stmt;
  for (int depth = 0; node != nullptr && depth < 256; ++depth, node = parents.parent(node))
    if (auto found = positions.find(node); found != positions.end()) return &found->second;
  return nullptr;
}

// A forward dataflow's state before the element at `position`, from the states at block
// entries (`in_states`, nullopt: never reached) by `transfer(element, state)`. The states of
// a block's elements are worked out on its first query and kept in `cache`.
template <typename State, typename Transfer>
const State* state_before(const clang::CFG& cfg, const std::vector<std::optional<State>>& in_states,
                          std::map<unsigned, std::vector<State>>& cache, const CfgPosition& position,
                          Transfer transfer) {
  const std::optional<State>& in = in_states[position.block];
  if (!in) return nullptr;
  auto cached = cache.find(position.block);
  if (cached == cache.end()) {
    std::vector<State> states;
    State state = *in;
    for (const clang::CFGBlock* block : cfg) {
      if (block->getBlockID() != position.block) continue;
      for (const clang::CFGElement& element : *block) {
        states.push_back(state);
        transfer(element, state);
      }
    }
    states.push_back(state);
    cached = cache.emplace(position.block, std::move(states)).first;
  }
  return position.index < cached->second.size() ? &cached->second[position.index] : nullptr;
}

}  // namespace hawk::audit
