// hawk-example-visits-fixed: racy.cpp's visit counter, made safe for hawk::serve's threads.
//   hawk-example-visits-fixed [--port N]
// The handlers still run on many request threads at once; now every access to the shared
// state is either atomic or made holding one mutex, so `hawk-audit check` reports nothing.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "hawk/hawk.h"
#include "hawk/serve/serve.h"

namespace {

// A lone counter needs no lock: an atomic increment loses nothing.
std::atomic<long> requests{0};

// These change together (a visit bumps a page and the total; /reset clears both), so one
// mutex guards them all and /stats sees them consistent.
std::mutex visits_mu;
int total_visits = 0;
std::string last_page;

}  // namespace

int main(int argc, char** argv) {
  hawk::App app;
  std::map<std::string, int> visits;  // page -> count; guarded by visits_mu too

  app.use([](hawk::Request& req, const hawk::Next& next) {
    requests.fetch_add(1, std::memory_order_relaxed);
    return next(req);
  });

  app.get("/visit/{page}", [&visits](hawk::Request& req) {
    const auto page = req.params.get<std::string>("page");
    int count = 0;
    {
      std::lock_guard lock(visits_mu);  // held only while touching the shared state
      count = ++visits[page];
      ++total_visits;
      last_page = page;
    }
    return hawk::Response::json({{"page", page}, {"count", count}});
  });

  app.get("/stats", [&visits](hawk::Request&) {
    nlohmann::json pages = nlohmann::json::object();
    nlohmann::json body;
    {
      std::lock_guard lock(visits_mu);  // a snapshot: copy out under the lock, answer after
      for (const auto& [page, count] : visits) pages[page] = count;
      body = {{"total", total_visits}, {"last", last_page}};
    }
    body["requests"] = requests.load(std::memory_order_relaxed);
    body["pages"] = std::move(pages);
    return hawk::Response::json(body);
  });

  app.post("/reset", [&visits](hawk::Request&) {
    std::lock_guard lock(visits_mu);
    visits.clear();
    total_visits = 0;
    return hawk::Response::json({{"reset", true}});
  });

  hawk::ServeOptions options;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string_view(argv[i]) == "--port") options.port = std::atoi(argv[i + 1]);
  options.on_listening = [](const hawk::Server& s) {
    std::printf("visit counter (fixed) on http://%s:%d\n", s.host().c_str(), s.port());
    std::fflush(stdout);
  };
  return hawk::serve(app, options) ? 0 : 1;
}
