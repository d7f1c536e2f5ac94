// thread-unsafe-call: a call of a function the models call not thread-safe (POSIX's
// list: strtok, localtime, rand, getenv beside setenv, ...) that may run in parallel with
// another call using the same hidden state, the two holding no lock in common. Each call
// is an access to that state (LocationKind::LibraryState, a write unless the function
// only reads it), so the pair is found as for any other location.
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class ThreadUnsafeCall final : public Check {
 public:
  std::string_view id() const override { return "thread-unsafe-call"; }
  std::string_view summary() const override {
    return "a call of a function that is not thread-safe, in parallel with another call using its hidden state";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (location.location->kind != LocationKind::LibraryState) continue;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const Access& access = *location.shared[i].access;
        const std::vector<Partner> races = location.races(i);
        if (races.empty()) continue;
        const Access& other = *location.shared[races.front().other].access;
        std::string message = "call to " + access.library_call + "(), which is not thread-safe (it uses " +
                              location.location->name + "), may run in parallel with the call to " +
                              other.library_call + "()";
        if (!access.library_call_instead.empty()) message += "; use " + access.library_call_instead + "()";
        out.push_back(context.finding(id(), location, i, std::move(message), races));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_thread_unsafe_call_check() { return std::make_unique<ThreadUnsafeCall>(); }

}  // namespace hawk::audit
