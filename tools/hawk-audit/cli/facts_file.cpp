#include "cli/facts_file.h"

#include <exception>

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

namespace hawk::audit {

llvm::Error write_facts_file(const std::string& path, const std::vector<TuFacts>& units) {
  const nlohmann::json file = {{"tool", {{"name", "hawk-audit"}, {"version", HAWK_AUDIT_VERSION}}}, {"units", units}};
  const std::string text = file.dump();
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream& out) {
        out << text << '\n';
        return llvm::Error::success();
      })) {
    return llvm::createStringError("cannot write facts file %s: %s", path.c_str(), llvm::toString(std::move(error)).c_str());
  }
  return llvm::Error::success();
}

llvm::Error read_facts_file(const std::string& path, std::vector<TuFacts>& units) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    return llvm::createStringError("cannot read facts file %s: %s", path.c_str(), buffer.getError().message().c_str());
  }
  try {
    const nlohmann::json file = nlohmann::json::parse((*buffer)->getBuffer());
    if (!file.is_object() || !file.contains("units") || !file["units"].is_array()) {
      return llvm::createStringError("%s is not a facts file of `hawk-audit capture` (no \"units\" array)",
                                     path.c_str());
    }
    for (const nlohmann::json& unit : file["units"]) units.push_back(unit.get<TuFacts>());
  } catch (const std::exception& error) {
    return llvm::createStringError("cannot read facts file %s: %s", path.c_str(), error.what());
  }
  return llvm::Error::success();
}

}  // namespace hawk::audit
