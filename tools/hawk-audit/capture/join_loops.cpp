#include "capture/join_loops.h"

#include <algorithm>

#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/Analyses/Dominators.h>
#include <clang/Analysis/CFG.h>

namespace hawk::audit {
namespace {

bool is_loop(const clang::Stmt* stmt) {
  return llvm::isa_and_nonnull<clang::ForStmt, clang::WhileStmt, clang::DoStmt, clang::CXXForRangeStmt>(stmt);
}

// The statements inside `root`, not those of lambdas written there (functions of their own).
template <class Visit>
void for_each_statement(const clang::Stmt& root, Visit visit) {
  std::vector<const clang::Stmt*> stack{&root};
  while (!stack.empty()) {
    const clang::Stmt* stmt = stack.back();
    stack.pop_back();
    visit(*stmt);
    if (llvm::isa<clang::LambdaExpr, clang::BlockExpr>(stmt)) continue;
    for (const clang::Stmt* child : stmt->children())
      if (child != nullptr) stack.push_back(child);
  }
}

}  // namespace

struct JoinLoops::Impl {
  clang::CFG& cfg;
  const CfgPositions& positions;
  const StmtParents& parents;
  std::vector<const clang::CFGBlock*> blocks;        // by block id
  mutable std::unique_ptr<clang::CFGDomTree> dominators;  // built on first need

  Impl(clang::CFG& graph, const CfgPositions& where, const StmtParents& stmt_parents)
      : cfg(graph), positions(where), parents(stmt_parents) {
    blocks.assign(cfg.getNumBlockIDs(), nullptr);
    for (const clang::CFGBlock* block : cfg) blocks[block->getBlockID()] = block;
  }

  // The block of a statement; for a loop, the block its condition ends (its terminator).
  const clang::CFGBlock* block_of(const clang::Stmt& stmt) const {
    auto found = positions.find(&stmt);
    return found == positions.end() ? nullptr : blocks[found->second.block];
  }

  bool dominates(const clang::CFGBlock& a, const clang::CFGBlock& b) const {
    if (dominators == nullptr) dominators = std::make_unique<clang::CFGDomTree>(&cfg);
    return dominators->dominates(&a, &b);
  }

  // The loop or switch a `break` leaves.
  const clang::Stmt* break_target(const clang::Stmt& stmt) const {
    for (const clang::Stmt* node = parents.parent(&stmt); node != nullptr; node = parents.parent(node))
      if (is_loop(node) || llvm::isa<clang::SwitchStmt>(node)) return node;
    return nullptr;
  }

  // A break or goto that leaves `inner` (a loop inside `outer`) for somewhere in `outer`.
  bool jumps_out_within(const clang::Stmt& inner, const clang::Stmt& outer) const {
    bool jumps = false;
    for_each_statement(inner, [&](const clang::Stmt& stmt) {
      if (llvm::isa<clang::BreakStmt>(stmt) && break_target(stmt) == &inner) jumps = true;
      if (llvm::isa<clang::IndirectGotoStmt>(stmt)) jumps = true;  // anywhere: assume the worst
      if (const auto* go = llvm::dyn_cast<clang::GotoStmt>(&stmt)) {
        const clang::LabelStmt* label = go->getLabel()->getStmt();
        if (label != nullptr && !parents.within(label, &inner) && parents.within(label, &outer)) jumps = true;
      }
    });
    return jumps;
  }

  // Where an iteration of `loop` ends and the next test of its condition follows: the
  // blocks looping back to its condition, or for a do-while the condition itself.
  std::vector<const clang::CFGBlock*> iteration_ends(const clang::Stmt& loop, const clang::CFGBlock& head) const {
    if (llvm::isa<clang::DoStmt>(loop)) return {&head};
    std::vector<const clang::CFGBlock*> ends;
    for (const clang::CFGBlock::AdjacentBlock& predecessor : head.preds()) {
      const clang::CFGBlock* block = predecessor.getReachableBlock();
      if (block != nullptr && dominates(head, *block)) ends.push_back(block);  // a back edge
    }
    return ends;
  }
};

JoinLoops::JoinLoops(clang::CFG& cfg, const CfgPositions& positions, const StmtParents& parents)
    : impl_(std::make_unique<Impl>(cfg, positions, parents)) {}

JoinLoops::~JoinLoops() = default;

bool JoinLoops::joins_every_element(const clang::Stmt& join, const std::vector<const clang::Stmt*>& loops,
                                    const std::function<bool(const clang::Expr&)>& asks_about_thread) const {
  if (loops.empty()) return false;
  const clang::Stmt& outer = *loops.back();
  for (std::size_t i = 0; i + 1 < loops.size(); ++i)
    if (impl_->jumps_out_within(*loops[i], outer)) return false;
  // An iteration of the innermost loop is done once it has joined; one of a loop further
  // out, once the loop inside it has run (it can only leave by its exit, checked above).
  const clang::CFGBlock* done = impl_->block_of(join);
  for (const clang::Stmt* loop : loops) {
    const clang::CFGBlock* head = impl_->block_of(*loop);
    if (done == nullptr || head == nullptr || head->getTerminatorStmt() != loop) return false;
    std::vector<const clang::CFGBlock*> settled{done};
    for (const clang::CFGBlock* block : impl_->blocks) {
      if (block == nullptr || block->getTerminatorStmt() == nullptr) continue;
      const auto* condition = llvm::dyn_cast_or_null<clang::Expr>(block->getTerminatorCondition());
      if (condition != nullptr && impl_->parents.within(block->getTerminatorStmt(), loop) &&
          block->getTerminatorStmt() != loop && asks_about_thread(*condition))
        settled.push_back(block);
    }
    for (const clang::CFGBlock* end : impl_->iteration_ends(*loop, *head)) {
      bool passes = std::any_of(settled.begin(), settled.end(),
                                [&](const clang::CFGBlock* block) { return impl_->dominates(*block, *end); });
      if (!passes) return false;
    }
    done = head;
  }
  return true;
}

}  // namespace hawk::audit
