// Where each statement of a function body sits in its CFG, so a dataflow result kept per
// CFG element can be asked about any expression inside that element.
#pragma once

#include <unordered_map>

namespace clang {
class CFG;
class Stmt;
}  // namespace clang

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

}  // namespace hawk::audit
