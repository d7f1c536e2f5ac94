#include "models/library_models.h"

#include <algorithm>

#include <llvm/Support/SHA256.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/ADT/StringExtras.h>

namespace hawk::audit {

int ArgumentIndex::in_call(unsigned count) const {
  if (index == kLast) return count == 0 ? -1 : static_cast<int>(count) - 1;
  return index >= 0 && static_cast<unsigned>(index) < count ? index : -1;
}

namespace {

template <class Model>
void put(std::vector<Model>& models, std::map<std::string, std::size_t, std::less<>>& index, Model model) {
  auto [it, inserted] = index.try_emplace(model.function, models.size());
  if (inserted) {
    models.push_back(std::move(model));
  } else {
    models[it->second] = std::move(model);
  }
}

template <class Model>
const Model* find(const std::vector<Model>& models, const std::map<std::string, std::size_t, std::less<>>& index,
                  std::string_view function) {
  auto it = index.find(function);
  return it == index.end() ? nullptr : &models[it->second];
}

}  // namespace

void LibraryModels::add_thread_start(ThreadStartModel model) { put(thread_starts_, start_index_, std::move(model)); }

void LibraryModels::add_unsafe_function(UnsafeFunctionModel model) {
  put(unsafe_functions_, unsafe_index_, std::move(model));
}

void LibraryModels::add_thread_type(std::string name) {
  if (std::find(thread_types_.begin(), thread_types_.end(), name) == thread_types_.end())
    thread_types_.push_back(std::move(name));
}

void LibraryModels::add_thread_join(ThreadJoinModel model) { put(thread_joins_, join_index_, std::move(model)); }

void LibraryModels::add_thread_safe_type(std::string name) {
  if (!is_thread_safe_type(name)) thread_safe_types_.push_back(std::move(name));
}

const ThreadJoinModel* LibraryModels::thread_join(std::string_view function) const {
  return find(thread_joins_, join_index_, function);
}

void LibraryModels::add_system_callback(std::string field) {
  if (!is_system_callback(field)) system_callbacks_.push_back(std::move(field));
}

bool LibraryModels::is_system_callback(std::string_view field) const {
  return std::find(system_callbacks_.begin(), system_callbacks_.end(), field) != system_callbacks_.end();
}

void LibraryModels::add_serialising_type(std::string name) {
  if (!is_serialising_type(name)) serialising_types_.push_back(std::move(name));
}

bool LibraryModels::is_serialising_type(std::string_view name) const {
  return std::find(serialising_types_.begin(), serialising_types_.end(), name) != serialising_types_.end();
}

bool LibraryModels::is_thread_safe_type(std::string_view name) const {
  return std::find(thread_safe_types_.begin(), thread_safe_types_.end(), name) != thread_safe_types_.end();
}

void LibraryModels::add(const LibraryModels& other) {
  for (const ThreadStartModel& model : other.thread_starts_) add_thread_start(model);
  for (const UnsafeFunctionModel& model : other.unsafe_functions_) add_unsafe_function(model);
  for (const std::string& name : other.thread_types_) add_thread_type(name);
  for (const ThreadJoinModel& model : other.thread_joins_) add_thread_join(model);
  for (const std::string& name : other.thread_safe_types_) add_thread_safe_type(name);
  for (const std::string& name : other.serialising_types_) add_serialising_type(name);
  for (const std::string& name : other.system_callbacks_) add_system_callback(name);
}

const ThreadStartModel* LibraryModels::thread_start(std::string_view function) const {
  return find(thread_starts_, start_index_, function);
}

const UnsafeFunctionModel* LibraryModels::unsafe_function(std::string_view function) const {
  return find(unsafe_functions_, unsafe_index_, function);
}

bool LibraryModels::is_thread_type(std::string_view name) const {
  return std::find(thread_types_.begin(), thread_types_.end(), name) != thread_types_.end();
}

std::string LibraryModels::digest() const {
  std::string text;
  llvm::raw_string_ostream out(text);
  for (const auto& [name, i] : start_index_) {
    const ThreadStartModel& m = thread_starts_[i];
    out << "start " << name << ' ' << m.callable.index << ' ' << m.how << ' ' << m.many << ' '
        << static_cast<int>(m.handle.kind) << ' ' << m.handle.argument.index << ' '
        << (m.executor ? m.executor->index : -2);
    for (const PassedArgument& passed : m.arguments) out << ' ' << passed.argument.index << '>' << passed.parameter;
    out << '\n';
  }
  for (const auto& [name, i] : unsafe_index_) {
    const UnsafeFunctionModel& m = unsafe_functions_[i];
    out << "unsafe " << name << ' ' << m.state << ' ' << m.writes << '\n';
  }
  for (const auto& [name, i] : join_index_)
    out << "join " << name << ' ' << thread_joins_[i].handle.index << ' ' << thread_joins_[i].detach << '\n';
  for (std::vector<std::string> types : {thread_types_, thread_safe_types_, serialising_types_, system_callbacks_}) {
    std::sort(types.begin(), types.end());
    for (const std::string& type : types) out << "type " << type << '\n';
    out << "--\n";
  }
  return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(text)), /*LowerCase=*/true);
}

}  // namespace hawk::audit
