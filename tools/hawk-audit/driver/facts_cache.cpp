#include "driver/facts_cache.h"

#include <exception>

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/BLAKE3.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

namespace hawk::audit {
namespace {

constexpr const char* kEntryFormat = "hawk-audit-cache-1";

std::string entry_key(const clang::tooling::CompileCommand& unit, const std::string& variant) {
  llvm::BLAKE3 hasher;
  // Every part ends with a NUL, so ("ab","c") and ("a","bc") differ.
  auto add = [&](llvm::StringRef part) {
    hasher.update(part);
    hasher.update(llvm::StringRef("\0", 1));
  };
  add("hawk-audit " HAWK_AUDIT_VERSION);
  add(kFactsVersion);
  add(unit.Directory);
  add(unit.Filename);
  for (const std::string& arg : unit.CommandLine) add(arg);
  if (!variant.empty()) add("variant " + variant);
  const auto digest = hasher.final<16>();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

}  // namespace

std::string FactsCache::entry_path(const clang::tooling::CompileCommand& unit, const std::string& variant) const {
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, entry_key(unit, variant) + ".facts.json");
  return std::string(path);
}

std::optional<TuFacts> FactsCache::lookup(const clang::tooling::CompileCommand& unit, ContentHasher& hasher,
                                          const std::string& variant) const {
  auto buffer = llvm::MemoryBuffer::getFile(entry_path(unit, variant), /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return std::nullopt;
  try {
    const nlohmann::json entry = nlohmann::json::parse((*buffer)->getBuffer());
    if (entry.at("format") != kEntryFormat || entry.at("main_file") != unit.Filename) return std::nullopt;
    for (const nlohmann::json& input : entry.at("inputs")) {
      const auto hash = hasher.hash_file(input.at("file").get<std::string>());
      if (!hash || *hash != input.at("hash").get<std::string>()) return std::nullopt;
    }
    return entry.at("facts").get<TuFacts>();  // throws for facts of another version
  } catch (const std::exception&) {
    return std::nullopt;  // truncated, not JSON, wrong shape: rebuilt by the caller
  }
}

llvm::Error FactsCache::store(const clang::tooling::CompileCommand& unit, const TuFacts& facts,
                              const std::vector<InputDigest>& inputs, const std::string& variant) const {
  if (std::error_code error = llvm::sys::fs::create_directories(directory_)) {
    return llvm::createStringError(error, "cannot create cache directory %s: %s", directory_.c_str(),
                                   error.message().c_str());
  }
  nlohmann::json entry = {{"format", kEntryFormat}, {"main_file", unit.Filename}, {"facts", facts}};
  nlohmann::json& recorded = entry["inputs"] = nlohmann::json::array();
  for (const InputDigest& input : inputs) recorded.push_back({{"file", input.file}, {"hash", input.hash}});
  const std::string text = entry.dump();
  // writeToOutput writes a unique temporary file beside the entry and renames it over.
  return llvm::writeToOutput(entry_path(unit, variant), [&](llvm::raw_ostream& out) {
    out << text;
    return llvm::Error::success();
  });
}

}  // namespace hawk::audit
