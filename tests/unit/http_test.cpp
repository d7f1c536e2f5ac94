#include <gtest/gtest.h>

#include "hawk/http/http_error.h"
#include "hawk/http/method.h"
#include "hawk/http/param.h"
#include "hawk/http/request.h"
#include "hawk/http/response.h"
#include "hawk/http/url.h"

namespace hawk {
namespace {

TEST(Method, RoundTripsAndRejectsUnknownTokens) {
  for (Method m : kAllMethods) EXPECT_EQ(parse_method(to_string(m)), m);
  EXPECT_FALSE(parse_method("get").has_value());
  EXPECT_FALSE(parse_method("BREW").has_value());
}

TEST(Headers, LookupIsCaseInsensitiveAndSetReplaces) {
  Headers h;
  h.add("Content-Type", "text/plain");
  h.add("X-A", "1");
  h.add("x-a", "2");
  EXPECT_EQ(h.get("content-type"), "text/plain");
  h.set("X-A", "3");
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(h.get("x-a"), "3");
  EXPECT_FALSE(h.get("missing").has_value());
}

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(percent_decode("%").has_value());
  EXPECT_FALSE(percent_decode("%4").has_value());
  EXPECT_FALSE(percent_decode("abc%4").has_value());
  EXPECT_FALSE(percent_decode("%zz").has_value());
  EXPECT_FALSE(percent_decode("%00").has_value());
  EXPECT_EQ(percent_encode("a b/ü"), "a%20b%2F%C3%BC");
  EXPECT_EQ(percent_decode(percent_encode("x y&z=1")), "x y&z=1");
}

TEST(ParseQuery, SplitsAndDecodesPairs) {
  auto q = parse_query("a=1&b=two+words&&c&d=%26");
  ASSERT_TRUE(q.has_value());
  ASSERT_EQ(q->size(), 4u);
  EXPECT_EQ((*q)[1], (std::pair<std::string, std::string>{"b", "two words"}));
  EXPECT_EQ((*q)[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ((*q)[3].second, "&");
  EXPECT_FALSE(parse_query("a=%G1").has_value());
}

TEST(ConvertParam, EnforcesEachDeclaredType) {
  EXPECT_EQ(std::get<std::int64_t>(*convert_param(ParamType::Int, "-42")), -42);
  EXPECT_EQ(std::get<std::int64_t>(*convert_param(ParamType::Int, "+7")), 7);
  EXPECT_FALSE(convert_param(ParamType::Int, "4x").has_value());
  EXPECT_FALSE(convert_param(ParamType::Int, "99999999999999999999").has_value());
  EXPECT_FALSE(convert_param(ParamType::Int, "").has_value());
  EXPECT_DOUBLE_EQ(std::get<double>(*convert_param(ParamType::Float, "2.5")), 2.5);
  EXPECT_FALSE(convert_param(ParamType::Float, "nan").has_value());
  EXPECT_FALSE(convert_param(ParamType::Float, "1.5.2").has_value());
  EXPECT_TRUE(convert_param(ParamType::Uuid, "123e4567-e89b-12d3-a456-426614174000").has_value());
  EXPECT_FALSE(convert_param(ParamType::Uuid, "123e4567e89b12d3a456426614174000").has_value());
  EXPECT_FALSE(convert_param(ParamType::Str, "").has_value());
  EXPECT_EQ(parse_param_type("float"), ParamType::Float);
  EXPECT_FALSE(parse_param_type("bool").has_value());
}

TEST(Request, FromTargetSplitsAndDecodes) {
  Request r = Request::from_target(Method::Get, "/a%20b/c?x=1&y=%C3%BC#frag");
  EXPECT_EQ(r.path, "/a b/c");
  EXPECT_EQ(r.query_string, "x=1&y=%C3%BC");
  EXPECT_EQ(r.query_value("y"), "ü");
  EXPECT_FALSE(r.query_value("z").has_value());
  EXPECT_THROW(Request::from_target(Method::Get, "a/b"), HttpError);
  try {
    Request::from_target(Method::Get, "/%zz");
    FAIL() << "malformed escape accepted";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400);
  }
  EXPECT_THROW(r.scope(), std::logic_error);
}

TEST(Response, ProblemDetailsFollowRfc9457) {
  Response r = Response::problem(404, "no route for /x", {{"instance", "/x"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("content-type"), "application/problem+json");
  auto doc = r.json_body();
  EXPECT_EQ(doc["title"], "Not Found");
  EXPECT_EQ(doc["status"], 404);
  EXPECT_EQ(doc["detail"], "no route for /x");
  EXPECT_EQ(doc["instance"], "/x");
  EXPECT_EQ(reason_phrase(999), "Unknown");
}

}  // namespace
}  // namespace hawk
