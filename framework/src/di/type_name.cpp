#include "hawk/di/type_name.h"

#include <cstdlib>
#include <cxxabi.h>
#include <memory>

namespace hawk {

std::string readable_type_name(std::type_index type) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> demangled(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status),
                                                        &std::free);
  return status == 0 && demangled != nullptr ? std::string(demangled.get()) : std::string(type.name());
}

}  // namespace hawk
