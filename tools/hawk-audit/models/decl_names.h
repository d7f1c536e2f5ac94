// The name a model gives a declaration: qualified, without inline namespaces
// (std::__1::async is std::async, std::__cxx11::list is std::list) or template
// arguments, a member by its class (hawk::App::get, asio::io_context::post).
#pragma once

#include <string>

namespace clang {
class NamedDecl;
}

namespace hawk::audit {

std::string model_name(const clang::NamedDecl& decl);

}  // namespace hawk::audit
