// The name a model gives a declaration: qualified, without inline namespaces
// (std::__1::async is std::async, std::__cxx11::list is std::list) or template
// arguments, a member by its class (hawk::App::get, asio::io_context::post), a member of
// an anonymous union by the class around it (sigaction::sa_handler).
#pragma once

#include <string>

namespace clang {
class NamedDecl;
}

namespace hawk::audit {

std::string model_name(const clang::NamedDecl& decl);

}  // namespace hawk::audit
