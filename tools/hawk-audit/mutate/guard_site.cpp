#include "mutate/guard_site.h"

#include <nlohmann/json.hpp>

namespace hawk::audit {

const char* kind_name(GuardSite::Kind kind) {
  return kind == GuardSite::Kind::GuardDeclaration ? "guard-declaration" : "lock-call";
}

std::string site_id(const std::string& path, unsigned line, unsigned column, GuardSite::Kind kind) {
  return path + ":" + std::to_string(line) + ":" + std::to_string(column) + ":" + kind_name(kind);
}

nlohmann::json to_json(const GuardSite& site) {
  nlohmann::json ranges = nlohmann::json::array();
  for (const SiteRange& range : site.ranges)
    ranges.push_back({{"begin", range.begin}, {"end", range.end}, {"line", range.line}, {"column", range.column},
                      {"text", range.text}, {"replacement", range.replacement}});
  nlohmann::json json = {{"id", site.id},         {"file", site.file},     {"path", site.path},
                         {"line", site.line},     {"column", site.column}, {"function", site.function},
                         {"lock", site.lock},     {"kind", kind_name(site.kind)},
                         {"removable", site.removable()}, {"ranges", ranges}};
  if (!site.why_not.empty()) json["why_not"] = site.why_not;
  return json;
}

llvm::Expected<GuardSite> site_from_json(const nlohmann::json& json) {
  try {
    GuardSite site;
    site.id = json.at("id").get<std::string>();
    site.file = json.at("file").get<std::string>();
    site.path = json.at("path").get<std::string>();
    site.line = json.at("line").get<unsigned>();
    site.column = json.at("column").get<unsigned>();
    site.function = json.at("function").get<std::string>();
    site.lock = json.at("lock").get<std::string>();
    const std::string kind = json.at("kind").get<std::string>();
    if (kind != "guard-declaration" && kind != "lock-call") return llvm::createStringError("unknown site kind " + kind);
    site.kind = kind == "lock-call" ? GuardSite::Kind::LockCall : GuardSite::Kind::GuardDeclaration;
    for (const nlohmann::json& range : json.at("ranges")) {
      site.ranges.push_back({range.at("begin").get<unsigned>(), range.at("end").get<unsigned>(),
                             range.at("line").get<unsigned>(), range.at("column").get<unsigned>(),
                             range.at("text").get<std::string>(), range.at("replacement").get<std::string>()});
    }
    site.why_not = json.value("why_not", "");
    return site;
  } catch (const nlohmann::json::exception& error) {
    return llvm::createStringError(std::string("malformed site: ") + error.what());
  }
}

}  // namespace hawk::audit
