// bench_compare FT.json GIL.json [FT2.json GIL2.json ...]
// Prints, per benchmark case, the median throughput of the free-threaded and the GIL
// build from the same run, their ratio, and how each scales from 1 thread to more.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace {

struct Case {
  std::string name;
  int threads = 1;
  bool operator<(const Case& o) const { return name != o.name ? name < o.name : threads < o.threads; }
};

// Median items/s per (benchmark, threads); a run without repetitions counts as its own median.
std::map<Case, double> load(const char* path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string(path) + ": cannot open");
  nlohmann::json doc = nlohmann::json::parse(in);
  std::map<Case, double> out;
  for (const auto& b : doc.at("benchmarks")) {
    bool aggregate = b.value("run_type", "") == "aggregate";
    if (aggregate && b.value("aggregate_name", "") != "median") continue;
    if (!b.contains("items_per_second")) continue;
    std::string name = b.value("run_name", b.value("name", ""));
    name = name.substr(0, name.find('/'));
    Case c{name, b.value("threads", 1)};
    if (aggregate || !out.count(c)) out[c] = b["items_per_second"].get<double>();
  }
  return out;
}

std::string rate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fM/s", v / 1e6);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || (argc - 1) % 2 != 0) {
    std::cerr << "usage: bench_compare FREE_THREADED.json GIL.json [FT.json GIL.json ...]\n";
    return 2;
  }
  try {
    std::printf("%-22s %8s %14s %14s %9s\n", "case", "threads", "free-threaded", "GIL build", "FT/GIL");
    for (int i = 1; i + 1 < argc; i += 2) {
      auto ft = load(argv[i]);
      auto gil = load(argv[i + 1]);
      for (const auto& [c, ft_rate] : ft) {
        auto it = gil.find(c);
        if (it == gil.end()) continue;
        std::printf("%-22s %8d %14s %14s %9.2f\n", c.name.c_str(), c.threads, rate(ft_rate).c_str(),
                    rate(it->second).c_str(), ft_rate / it->second);
      }
      for (const auto& [c, ft_rate] : ft) {
        if (c.threads != 1) continue;
        Case single = c;
        if (!gil.count(single)) continue;
        std::printf("  %s: single-thread overhead of the free-threaded build %+.1f%% (target <= 5%%)\n",
                    c.name.c_str(), (gil.at(single) / ft_rate - 1.0) * 100.0);
        for (const auto& [m, m_rate] : ft) {
          if (m.name != c.name || m.threads == 1 || !gil.count(m)) continue;
          std::printf("  %s: 1 -> %d threads scales %.2fx free-threaded, %.2fx GIL build\n", c.name.c_str(),
                      m.threads, m_rate / ft_rate, gil.at(m) / gil.at(single));
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_compare: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
