#include "hawk/serve/serve.h"

#include <pthread.h>
#include <signal.h>

namespace hawk {

namespace {

// Blocks SIGINT and SIGTERM in this thread for its lifetime (threads started meanwhile
// inherit the mask), so that they are taken by sigwait instead of killing the process.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

  int wait() const {
    int sig = 0;
    while (sigwait(&set_, &sig) != 0) {
    }
    return sig;
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

}  // namespace

bool serve(App& app, ServeOptions options) {
  BlockedSignals signals;  // before the server's threads exist
  Server server(app, options);
  server.start();
  if (options.on_listening) options.on_listening(server);
  signals.wait();
  return server.stop();
}

}  // namespace hawk
