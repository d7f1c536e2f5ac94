#include "models/library_models.h"

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

void LibraryModels::add_thread_join(ThreadJoinModel model) { put(thread_joins_, join_index_, std::move(model)); }

const ThreadJoinModel* LibraryModels::thread_join(std::string_view function) const {
  return find(thread_joins_, join_index_, function);
}

void LibraryModels::add(const LibraryModels& other) {
  for (const ThreadStartModel& model : other.thread_starts_) add_thread_start(model);
  for (const UnsafeFunctionModel& model : other.unsafe_functions_) add_unsafe_function(model);
  for (const ThreadJoinModel& model : other.thread_joins_) add_thread_join(model);
  thread_types_.insert(other.thread_types_.begin(), other.thread_types_.end());
  thread_safe_types_.insert(other.thread_safe_types_.begin(), other.thread_safe_types_.end());
  serialising_types_.insert(other.serialising_types_.begin(), other.serialising_types_.end());
  system_callbacks_.insert(other.system_callbacks_.begin(), other.system_callbacks_.end());
}

const ThreadStartModel* LibraryModels::thread_start(std::string_view function) const {
  return find(thread_starts_, start_index_, function);
}

const UnsafeFunctionModel* LibraryModels::unsafe_function(std::string_view function) const {
  return find(unsafe_functions_, unsafe_index_, function);
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
  for (const Names* names : {&thread_types_, &thread_safe_types_, &serialising_types_, &system_callbacks_}) {
    for (const std::string& name : *names) out << "type " << name << '\n';
    out << "--\n";
  }
  return llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(text)), /*LowerCase=*/true);
}

}  // namespace hawk::audit
