// lock-order-inversion: a cycle in the whole-program lock-order graph (link/
// lock_order_graph.h): one thread takes B while holding A, another takes A while
// holding B, and each waits for the other forever. Only orders that may happen in
// parallel count: two orders that never overlap in time cannot deadlock.
//
// One finding per cycle. Its location is the cycle, named "A -> B -> A", of kind
// Global (locks are program-wide objects here); its access is the acquisition of the
// cycle's first edge (kind Write: taking a lock changes it; locks = the lock held
// there), with the chain from its entry; its conflicts are the acquisitions of the
// other edges. No guard.
#include <string>

#include "checks/check.h"
#include "link/finding_id.h"
#include "link/lock_order_graph.h"

namespace hawk::audit {
namespace {

class LockOrderInversion final : public Check {
 public:
  std::string_view id() const override { return "lock-order-inversion"; }
  std::string_view summary() const override { return "locks taken in opposite orders by threads that may run in parallel (deadlock)"; }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    const LockOrderGraph graph(context.program, context.graph, context.threads);
    for (const std::vector<std::string>& cycle : graph.cycles()) {
      std::string name;
      for (const std::string& lock : cycle) name += lock + " -> ";
      name += cycle.front();
      out.push_back(finding(context, name, graph.evidence(cycle)));
    }
  }

 private:
  static AccessReport report(const CheckContext& context, const LockOrderEvidence& edge) {
    AccessReport access;
    access.pos = edge.pos;
    access.function = context.program.function_name(edge.function);
    access.kind = AccessKind::Write;
    access.locks = {HeldLock{edge.held, false}};
    access.via = edge.via;
    access.runs_on = context.threads.report(edge.root, edge.point_function);
    access.description = "'" + edge.acquired + "' taken while holding '" + edge.held + "'";
    return access;
  }

  Finding finding(const CheckContext& context, const std::string& name,
                  const std::vector<const LockOrderEvidence*>& edges) const {
    const LockOrderEvidence& first = *edges.front();
    Finding finding;
    finding.check = std::string(id());
    finding.location_name = name;
    finding.location_kind = LocationKind::Global;
    finding.access = report(context, first);
    std::string others;
    for (std::size_t i = 1; i < edges.size(); ++i) {
      const LockOrderEvidence& edge = *edges[i];
      if (finding.conflicts.size() < kMaxConflicts) finding.conflicts.push_back(report(context, edge));
      others += (others.empty() ? "" : ", and ") + std::string("'") + edge.acquired + "' while holding '" + edge.held +
                "' in " + context.program.function_name(edge.function) + " (line " + std::to_string(edge.pos.line) +
                ")";
    }
    if (edges.size() == 2)
      if (auto why = context.threads.parallel(first.point(), first.root, edges[1]->point(), edges[1]->root))
        finding.mhp = why->why;
    finding.confidence = "high";
    finding.message = "lock-order inversion: '" + first.acquired + "' is taken here while holding '" + first.held +
                      "', but " + others + ": threads doing both can deadlock (" + name + ")";
    // Stable without a source line: the function and the order it takes the locks in.
    finding.id = finding_id(finding.check, name, finding.access.function, first.held + " -> " + first.acquired);
    return finding;
  }
};

}  // namespace

std::unique_ptr<Check> make_lock_order_inversion_check() { return std::make_unique<LockOrderInversion>(); }

}  // namespace hawk::audit
