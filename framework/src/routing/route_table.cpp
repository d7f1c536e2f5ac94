#include "hawk/routing/route_table.h"

#include <array>
#include <stdexcept>

#include "hawk/routing/path_pattern.h"

namespace hawk {

namespace {

constexpr std::size_t kMethodCount = kAllMethods.size();
// The order typed parameters are tried in: the narrowest first, `str` (anything) last.
constexpr std::array<ParamType, 4> kParamOrder = {ParamType::Int, ParamType::Uuid, ParamType::Float, ParamType::Str};

std::size_t param_slot(ParamType type) {
  for (std::size_t i = 0; i < kParamOrder.size(); ++i) {
    if (kParamOrder[i] == type) return i;
  }
  throw std::logic_error("no tree slot for parameter type");
}

std::uint8_t method_bit(Method m) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(m)); }

std::string describe(const Route& r) {
  return (r.is_mount ? std::string("MOUNT") : std::string(to_string(r.method))) + " " + r.pattern;
}

}  // namespace

struct RouteTable::Node {
  std::string prefix;  // literal bytes this node consumes; empty for parameter nodes
  std::vector<std::unique_ptr<Node>> literal_children;  // first bytes all distinct
  std::array<std::unique_ptr<Node>, kParamOrder.size()> param_children;
  std::unique_ptr<Node> path_child;   // `{name:path}`: the rest of the path
  std::unique_ptr<Node> mount_child;  // a mount: nothing more, or "/..."
  std::array<const Route*, kMethodCount> by_method{};
  const Route* mount = nullptr;
  std::uint8_t method_mask = 0;

  const Route* route_for(Method m) const {
    const Route* r = by_method[static_cast<std::size_t>(m)];
    if (r == nullptr && m == Method::Head) r = by_method[static_cast<std::size_t>(Method::Get)];
    return r;
  }

  Node* literal(std::string_view text) {
    Node* n = this;
    while (!text.empty()) {
      std::unique_ptr<Node>* slot = nullptr;
      for (auto& c : n->literal_children) {
        if (c->prefix.front() == text.front()) slot = &c;
      }
      if (slot == nullptr) {
        auto child = std::make_unique<Node>();
        child->prefix = std::string(text);
        n->literal_children.push_back(std::move(child));
        return n->literal_children.back().get();
      }
      Node* c = slot->get();
      std::size_t common = 0;
      while (common < c->prefix.size() && common < text.size() && c->prefix[common] == text[common]) ++common;
      if (common < c->prefix.size()) {  // split the edge at the first difference
        auto mid = std::make_unique<Node>();
        mid->prefix = c->prefix.substr(0, common);
        c->prefix.erase(0, common);
        mid->literal_children.push_back(std::move(*slot));
        *slot = std::move(mid);
        c = slot->get();
      }
      n = c;
      text.remove_prefix(common);
    }
    return n;
  }

  static Node* child(std::unique_ptr<Node>& slot) {
    if (!slot) slot = std::make_unique<Node>();
    return slot.get();
  }
};

struct RouteTable::Search {
  Method method;
  bool lenient;  // second pass for 422: typed parameters accept any non-empty segment
  std::vector<std::string_view> values;  // raw parameter text, in path order
  std::uint8_t other_methods = 0;        // methods of nodes that matched the path only
  const Route* route = nullptr;
  std::string_view mount_rest;
};

RouteTable::RouteTable(std::vector<std::shared_ptr<const Route>> routes, std::uint64_t generation)
    : routes_(std::move(routes)), generation_(generation), root_(std::make_unique<Node>()) {
  for (const auto& r : routes_) insert(*r);
}

RouteTable::~RouteTable() = default;

void RouteTable::insert(const Route& route) {
  Node* n = root_.get();
  // A mount at "/" owns everything; elsewhere its prefix carries no trailing slash.
  bool root_mount = route.is_mount && route.pattern == "/";
  if (!root_mount) {
    for (const PatternToken& t : parse_path_pattern(route.pattern)) {
      if (!t.is_param) {
        n = n->literal(t.text);
      } else if (t.type == ParamType::Path) {
        n = Node::child(n->path_child);
      } else {
        n = Node::child(n->param_children[param_slot(t.type)]);
      }
    }
  }
  const Route** slot = nullptr;
  if (route.is_mount) {
    n = Node::child(n->mount_child);
    slot = &n->mount;
  } else {
    slot = &n->by_method[static_cast<std::size_t>(route.method)];
    n->method_mask |= method_bit(route.method);
  }
  if (*slot != nullptr) {
    throw std::invalid_argument("route " + describe(route) + " conflicts with " + describe(**slot) +
                                " (same method and path shape)");
  }
  *slot = &route;
}

const RouteTable::Node* RouteTable::search(const Node& node, std::string_view path, std::size_t pos, Search& s) {
  if (pos == path.size()) {
    if (const Route* r = node.route_for(s.method)) {
      s.route = r;
      return &node;
    }
    s.other_methods |= node.method_mask;
  } else {
    for (const auto& c : node.literal_children) {
      if (c->prefix.front() != path[pos]) continue;
      if (path.substr(pos).starts_with(c->prefix)) {
        if (const Node* hit = search(*c, path, pos + c->prefix.size(), s)) return hit;
      }
      break;
    }
    std::size_t end = std::min(path.find('/', pos), path.size());
    std::string_view segment = path.substr(pos, end - pos);
    if (!segment.empty()) {
      for (std::size_t i = 0; i < kParamOrder.size(); ++i) {
        const Node* c = node.param_children[i].get();
        if (c == nullptr || !(s.lenient || param_conforms(kParamOrder[i], segment))) continue;
        s.values.push_back(segment);
        if (const Node* hit = search(*c, path, end, s)) return hit;
        s.values.pop_back();
      }
    }
  }
  if (node.path_child) {
    s.values.push_back(path.substr(pos));
    if (const Node* hit = search(*node.path_child, path, path.size(), s)) return hit;
    s.values.pop_back();
  }
  if (node.mount_child && (pos == path.size() || path[pos] == '/')) {
    s.route = node.mount_child->mount;
    s.mount_rest = path.substr(pos);
    return node.mount_child.get();
  }
  return nullptr;
}

LookupResult RouteTable::lookup(Method method, std::string_view path) const {
  LookupResult result;
  Search s{method, false, {}, 0, nullptr, {}};
  if (search(*root_, path, 0, s) != nullptr) {
    result.kind = LookupResult::Kind::Found;
    result.route = s.route;
    if (s.route->is_mount) {
      result.mount_path = s.mount_rest.empty() ? "/" : std::string(s.mount_rest);
      return result;
    }
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      const PathParamSpec& spec = s.route->path_params[i];
      result.params.add(spec.name, *convert_param(spec.type, s.values[i]));
    }
    return result;
  }
  if (s.other_methods != 0) {
    result.kind = LookupResult::Kind::MethodNotAllowed;
    for (Method m : kAllMethods) {
      bool allowed = (s.other_methods & method_bit(m)) != 0 ||
                     (m == Method::Head && (s.other_methods & method_bit(Method::Get)) != 0);
      if (!allowed) continue;
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += to_string(m);
    }
    return result;
  }
  Search lenient{method, true, {}, 0, nullptr, {}};
  if (search(*root_, path, 0, lenient) != nullptr && !lenient.route->is_mount) {
    result.kind = LookupResult::Kind::InvalidParam;
    result.route = lenient.route;
    for (std::size_t i = 0; i < lenient.values.size(); ++i) {
      const PathParamSpec& spec = lenient.route->path_params[i];
      if (!param_conforms(spec.type, lenient.values[i])) {
        result.errors.push_back({spec.name, spec.type, std::string(lenient.values[i])});
      }
    }
    if (!result.errors.empty()) return result;
  }
  result = LookupResult{};
  return result;
}

}  // namespace hawk
