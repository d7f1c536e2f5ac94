// hawk-example-visits-racy: counts visits per page — and races, as a first version often does.
//   hawk-example-visits-racy [--port N]
// hawk::serve runs every handler on its worker threads, many requests at once, so the
// map and the counters below are read and written in parallel with no lock. Nothing here
// is annotated: `hawk-audit check` finds the races through its built-in libhawk models
// (handlers given to App::get/post run on many threads). fixed.cpp is the same app, safe.
// A trailing "race(<check>)" comment marks a line the audit reports with that check, and
// "race(read)" a read it names as the other side of a race (tests/audit/visit_counter_audit.py).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "hawk/hawk.h"
#include "hawk/serve/serve.h"

namespace {

long requests = 0;      // every request, any route, bumps it
int total_visits = 0;   // every request to /visit bumps it
std::string last_page;  // the page of the latest visit

}  // namespace

int main(int argc, char** argv) {
  hawk::App app;
  std::map<std::string, int> visits;  // page -> count; the handlers capture it by reference

  // Middleware: runs for every request, on whichever thread serves it.
  app.use([](hawk::Request& req, const hawk::Next& next) {
    ++requests;  // race(non-atomic-rmw): the same counter from every request thread
    return next(req);
  });

  // GET /visit/{page}: count one visit.
  app.get("/visit/{page}", [&visits](hawk::Request& req) {
    const auto page = req.params.get<std::string>("page");
    const int count = ++visits[page];  // race(unprotected-shared-write): inserts while others do
    ++total_visits;                    // race(non-atomic-rmw): two threads' ++ can lose one
    last_page = page;                  // race(unprotected-shared-write): two threads assign
    return hawk::Response::json({{"page", page}, {"count", count}});
  });

  // GET /stats: what /visit wrote — read while /visit may be writing it.
  app.get("/stats", [&visits](hawk::Request&) {
    nlohmann::json pages = nlohmann::json::object();
    for (const auto& [page, count] : visits) pages[page] = count;  // race(read): walks a tree /visit changes
    return hawk::Response::json({{"total", total_visits},           // race(read): a counter being bumped
                                 {"last", last_page},                // race(read): a string being assigned
                                 {"requests", requests},             // race(read): beside the middleware's ++
                                 {"pages", pages}});
  });

  // POST /reset: start over.
  app.post("/reset", [&visits](hawk::Request&) {
    visits.clear();    // race(unprotected-shared-write): frees nodes /stats may be reading
    total_visits = 0;  // race(unprotected-shared-write): beside /visit's ++
    return hawk::Response::json({{"reset", true}});
  });

  hawk::ServeOptions options;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string_view(argv[i]) == "--port") options.port = std::atoi(argv[i + 1]);
  options.on_listening = [](const hawk::Server& s) {
    std::printf("visit counter (racy) on http://%s:%d\n", s.host().c_str(), s.port());
    std::fflush(stdout);
  };
  return hawk::serve(app, options) ? 0 : 1;
}
