#include "models/models_file.h"

#include <optional>

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/YAMLTraits.h>

namespace hawk::audit {
namespace {

enum class Multiplicity { Once, Many };
enum class AccessMode { Read, Write };

struct PassedEntry {
  ArgumentIndex argument;
  unsigned parameter = 0;
};

struct StartEntry {
  std::string function;
  ArgumentIndex callable;
  std::vector<PassedEntry> arguments;
  HandleSpec handle;
  std::optional<ArgumentIndex> executor;
  std::string how = "model";
  Multiplicity multiplicity = Multiplicity::Once;
};

struct UnsafeEntry {
  std::string function;
  std::string state;
  AccessMode access = AccessMode::Write;
  std::string instead;
};

struct JoinEntry {
  std::string function;
  ArgumentIndex handle;
  bool detach = false;
};

struct ModelsSection {
  std::vector<std::string> thread_types;
  std::vector<std::string> thread_safe_types;
  std::vector<std::string> serialising_types;
  std::vector<std::string> system_callbacks;
  std::vector<StartEntry> thread_starts;
  std::vector<JoinEntry> thread_joins;
  std::vector<UnsafeEntry> not_thread_safe;
};

struct ConfigDocument {
  std::optional<ModelsSection> models;
};

}  // namespace
}  // namespace hawk::audit

LLVM_YAML_IS_SEQUENCE_VECTOR(hawk::audit::PassedEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(hawk::audit::StartEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(hawk::audit::UnsafeEntry)
LLVM_YAML_IS_SEQUENCE_VECTOR(hawk::audit::JoinEntry)

namespace llvm::yaml {

using hawk::audit::ArgumentIndex;

template <>
struct ScalarTraits<ArgumentIndex> {
  static void output(const ArgumentIndex& value, void*, raw_ostream& out) {
    if (value.index == ArgumentIndex::kLast) {
      out << "last";
    } else {
      out << value.index;
    }
  }
  static StringRef input(StringRef text, void*, ArgumentIndex& value) {
    if (text == "last") {
      value.index = ArgumentIndex::kLast;
      return {};
    }
    unsigned index = 0;
    if (text.getAsInteger(10, index) || index > 64) return "expected an argument index (0, 1, ...) or 'last'";
    value.index = static_cast<int>(index);
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

template <>
struct ScalarTraits<hawk::audit::HandleSpec> {
  using Kind = hawk::audit::HandleSpec::Kind;
  static void output(const hawk::audit::HandleSpec& value, void* context, raw_ostream& out) {
    if (value.kind == Kind::None) out << "none";
    else if (value.kind == Kind::Returned) out << "returned";
    else ScalarTraits<ArgumentIndex>::output(value.argument, context, out);
  }
  static StringRef input(StringRef text, void* context, hawk::audit::HandleSpec& value) {
    if (text == "none") {
      value.kind = Kind::None;
      return {};
    }
    if (text == "returned") {
      value.kind = Kind::Returned;
      return {};
    }
    value.kind = Kind::Argument;
    if (!ScalarTraits<ArgumentIndex>::input(text, context, value.argument).empty())
      return "expected 'none', 'returned' or an argument index";
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

template <>
struct ScalarEnumerationTraits<hawk::audit::Multiplicity> {
  static void enumeration(IO& io, hawk::audit::Multiplicity& value) {
    io.enumCase(value, "once", hawk::audit::Multiplicity::Once);
    io.enumCase(value, "many", hawk::audit::Multiplicity::Many);
  }
};

template <>
struct ScalarEnumerationTraits<hawk::audit::AccessMode> {
  static void enumeration(IO& io, hawk::audit::AccessMode& value) {
    io.enumCase(value, "read", hawk::audit::AccessMode::Read);
    io.enumCase(value, "write", hawk::audit::AccessMode::Write);
  }
};

template <>
struct MappingTraits<hawk::audit::PassedEntry> {
  static void mapping(IO& io, hawk::audit::PassedEntry& entry) {
    io.mapRequired("argument", entry.argument);
    io.mapRequired("parameter", entry.parameter);
  }
};

template <>
struct MappingTraits<hawk::audit::StartEntry> {
  static void mapping(IO& io, hawk::audit::StartEntry& entry) {
    io.mapRequired("function", entry.function);
    io.mapRequired("callable", entry.callable);
    io.mapOptional("arguments", entry.arguments);
    io.mapOptional("handle", entry.handle);
    io.mapOptional("executor", entry.executor);
    io.mapOptional("how", entry.how);
    io.mapOptional("multiplicity", entry.multiplicity);
  }
  static std::string validate(IO&, hawk::audit::StartEntry& entry) {
    if (entry.function.empty()) return "a thread start needs a function name";
    if (entry.how != "start" && entry.how != "executor" && entry.how != "model")
      return "'how' is one of start, executor, model (not '" + entry.how + "')";
    return {};
  }
};

template <>
struct MappingTraits<hawk::audit::UnsafeEntry> {
  static void mapping(IO& io, hawk::audit::UnsafeEntry& entry) {
    io.mapRequired("function", entry.function);
    io.mapRequired("state", entry.state);
    io.mapOptional("access", entry.access);
    io.mapOptional("instead", entry.instead);
  }
  static std::string validate(IO&, hawk::audit::UnsafeEntry& entry) {
    if (entry.function.empty()) return "a not-thread-safe function needs a function name";
    if (entry.state.empty()) return "a not-thread-safe function needs the state it uses";
    return {};
  }
};

template <>
struct MappingTraits<hawk::audit::JoinEntry> {
  static void mapping(IO& io, hawk::audit::JoinEntry& entry) {
    io.mapRequired("function", entry.function);
    io.mapRequired("handle", entry.handle);
    io.mapOptional("detach", entry.detach);
  }
  static std::string validate(IO&, hawk::audit::JoinEntry& entry) {
    if (entry.function.empty()) return "a thread join needs a function name";
    if (entry.handle.index == ArgumentIndex::kLast) return "a thread join's handle is an argument index";
    return {};
  }
};

template <>
struct MappingTraits<hawk::audit::ModelsSection> {
  static void mapping(IO& io, hawk::audit::ModelsSection& section) {
    io.mapOptional("thread_types", section.thread_types);
    io.mapOptional("thread_safe_types", section.thread_safe_types);
    io.mapOptional("serialising_types", section.serialising_types);
    io.mapOptional("system_callbacks", section.system_callbacks);
    io.mapOptional("thread_starts", section.thread_starts);
    io.mapOptional("thread_joins", section.thread_joins);
    io.mapOptional("not_thread_safe", section.not_thread_safe);
  }
};

template <>
struct MappingTraits<hawk::audit::ConfigDocument> {
  static void mapping(IO& io, hawk::audit::ConfigDocument& document) { io.mapOptional("models", document.models); }
};

}  // namespace llvm::yaml

namespace hawk::audit {

llvm::Expected<LibraryModels> parse_models(std::string_view text, const std::string& name) {
  std::string first_error;
  auto on_diagnostic = [](const llvm::SMDiagnostic& diagnostic, void* context) {
    auto& error = *static_cast<std::string*>(context);
    if (!error.empty() || diagnostic.getKind() != llvm::SourceMgr::DK_Error) return;
    error = diagnostic.getFilename().str() + ":" + std::to_string(diagnostic.getLineNo()) + ":" +
            std::to_string(diagnostic.getColumnNo() + 1) + ": " + diagnostic.getMessage().str();
  };
  ConfigDocument document;
  {
    llvm::MemoryBufferRef buffer(llvm::StringRef(text.data(), text.size()), name);
    llvm::yaml::Input input(buffer, nullptr, on_diagnostic, &first_error);
    // An empty file is a valid config without models.
    if (!llvm::StringRef(text.data(), text.size()).trim().empty()) input >> document;
    if (input.error() && first_error.empty()) first_error = name + ": not a valid config file";
  }
  if (!first_error.empty()) return llvm::createStringError(llvm::inconvertibleErrorCode(), first_error);

  LibraryModels models;
  if (!document.models) return models;
  for (std::string& type : document.models->thread_types) models.add_thread_type(std::move(type));
  for (StartEntry& entry : document.models->thread_starts) {
    ThreadStartModel model;
    model.function = std::move(entry.function);
    model.callable = entry.callable;
    for (const PassedEntry& passed : entry.arguments) model.arguments.push_back({passed.argument, passed.parameter});
    model.handle = entry.handle;
    model.executor = entry.executor;
    model.how = std::move(entry.how);
    model.many = entry.multiplicity == Multiplicity::Many;
    model.source = name;
    models.add_thread_start(std::move(model));
  }
  for (std::string& type : document.models->thread_safe_types) models.add_thread_safe_type(std::move(type));
  for (std::string& type : document.models->serialising_types) models.add_serialising_type(std::move(type));
  for (std::string& field : document.models->system_callbacks) models.add_system_callback(std::move(field));
  for (JoinEntry& entry : document.models->thread_joins)
    models.add_thread_join({std::move(entry.function), entry.handle, entry.detach, name});
  for (UnsafeEntry& entry : document.models->not_thread_safe) {
    UnsafeFunctionModel model;
    model.function = std::move(entry.function);
    model.state = std::move(entry.state);
    model.writes = entry.access == AccessMode::Write;
    model.instead = std::move(entry.instead);
    model.source = name;
    models.add_unsafe_function(std::move(model));
  }
  return models;
}

}  // namespace hawk::audit
