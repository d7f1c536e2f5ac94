#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hawk/http/method.h"
#include "hawk/http/param.h"
#include "hawk/routing/route.h"

namespace hawk {

// A parameter whose segment matched a route's shape but not its declared type.
struct ParamError {
  std::string name;
  ParamType type;
  std::string value;
};

struct LookupResult {
  enum class Kind { Found, NotFound, MethodNotAllowed, InvalidParam };
  Kind kind = Kind::NotFound;
  const Route* route = nullptr;   // Found: the route (for HEAD, possibly its GET)
  Params params;                  // Found: typed path parameters, named
  std::string allow;              // MethodNotAllowed: "GET, HEAD, POST"
  std::vector<ParamError> errors; // InvalidParam: every segment that failed its type
  std::string mount_path;         // Found on a mount: the rest of the path ("/" at least)
};

// An immutable radix tree over a set of routes. Built whole by Router on every change and
// published as a snapshot, so lookups take no lock and always see one consistent set.
//
// Matching: literal text before parameters; typed parameters in the order int, uuid,
// float, str; then `path` catch-alls and mounts; backtracking on failure. GET answers HEAD.
// A path that matches only with other methods yields 405 and the union of those methods.
// A path that matches a route's shape but not a typed parameter yields InvalidParam.
class RouteTable {
 public:
  // Throws std::invalid_argument when two routes claim the same method and shape.
  RouteTable(std::vector<std::shared_ptr<const Route>> routes, std::uint64_t generation);
  ~RouteTable();
  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  LookupResult lookup(Method method, std::string_view path) const;

  const std::vector<std::shared_ptr<const Route>>& routes() const { return routes_; }
  // Increases with every change to the router that published this table.
  std::uint64_t generation() const { return generation_; }

 private:
  struct Node;
  struct Search;
  void insert(const Route& route);
  static const Node* search(const Node& node, std::string_view path, std::size_t pos, Search& s);

  std::vector<std::shared_ptr<const Route>> routes_;
  std::uint64_t generation_;
  std::unique_ptr<Node> root_;
};

}  // namespace hawk
