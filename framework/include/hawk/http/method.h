#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hawk {

enum class Method : std::uint8_t { Get, Head, Post, Put, Patch, Delete, Options };

inline constexpr std::array<Method, 7> kAllMethods = {Method::Get,    Method::Head,   Method::Post,
                                                      Method::Put,    Method::Patch,  Method::Delete,
                                                      Method::Options};

std::string_view to_string(Method method);
// Parses an upper-case HTTP method token; nullopt for anything else.
std::optional<Method> parse_method(std::string_view token);

}  // namespace hawk
