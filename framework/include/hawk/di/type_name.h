#pragma once

#include <string>
#include <typeindex>

namespace hawk {

// The demangled C++ name of `type`, e.g. "app::UserRepository", for error messages.
std::string readable_type_name(std::type_index type);

}  // namespace hawk
