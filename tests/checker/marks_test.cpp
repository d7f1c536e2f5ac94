#include <sstream>

#include <gtest/gtest.h>

#include "expect_marks.h"

namespace hawk::checker {
namespace {

ParsedMarks parse(const std::string& text) {
  std::istringstream in(text);
  return parse_marks(in);
}

TEST(ExpectMarks, OneMarkPerLineWithItsLineNumber) {
  const ParsedMarks p = parse("int x;\n  x = 1;  // expect: unguarded-write\nint y;\n");
  EXPECT_TRUE(p.errors.empty());
  ASSERT_EQ(p.marks.size(), 1u);
  EXPECT_EQ(p.marks[0], (Mark{2, "unguarded-write"}));
}

TEST(ExpectMarks, SeveralChecksOnOneLine) {
  const ParsedMarks p = parse("a = a + 1;  // expect: unguarded-write,unguarded-read\n");
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.marks, (std::vector<Mark>{{1, "unguarded-read"}, {1, "unguarded-write"}}));
}

TEST(ExpectMarks, RepeatedCheckMeansTwoFindings) {
  const ParsedMarks p = parse("f(a, b);  // expect: unguarded-read, unguarded-read\n");
  EXPECT_EQ(p.marks.size(), 2u);
}

TEST(ExpectMarks, UnknownOrEmptyMarkIsAnError) {
  EXPECT_EQ(parse("x = 1;  // expect: unguarded-wirte\n").errors.size(), 1u);
  EXPECT_EQ(parse("x = 1;  // expect:\n").errors.size(), 1u);
  EXPECT_EQ(parse("x = 1;  // expect: non-atomic-rmw, \n").errors.size(), 1u);
}

TEST(ExpectMarks, OtherCommentsAreNotMarks) {
  const ParsedMarks p = parse("// expected to be silent\nx = 1;  // we expect nothing here\n/* expect: x */\n");
  EXPECT_TRUE(p.marks.empty());
  EXPECT_TRUE(p.errors.empty());
}

TEST(CompareMarks, MatchesInBothDirections) {
  const std::vector<Mark> expected = {{3, "unguarded-write"}, {7, "unguarded-read"}};
  const Comparison same = compare_marks(expected, {{7, "unguarded-read"}, {3, "unguarded-write"}});
  EXPECT_TRUE(same.ok());

  const Comparison c = compare_marks(expected, {{3, "unguarded-write"}, {9, "non-atomic-rmw"}});
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.missed, (std::vector<Mark>{{7, "unguarded-read"}}));
  EXPECT_EQ(c.unexpected, (std::vector<Mark>{{9, "non-atomic-rmw"}}));
}

TEST(CompareMarks, WrongCheckOnTheRightLineIsBothMissedAndUnexpected) {
  const Comparison c = compare_marks({{5, "non-atomic-rmw"}}, {{5, "unguarded-write"}});
  EXPECT_EQ(c.missed.size(), 1u);
  EXPECT_EQ(c.unexpected.size(), 1u);
}

TEST(CompareMarks, DuplicateFindingIsUnexpected) {
  const Comparison c = compare_marks({{5, "unguarded-write"}}, {{5, "unguarded-write"}, {5, "unguarded-write"}});
  EXPECT_TRUE(c.missed.empty());
  EXPECT_EQ(c.unexpected, (std::vector<Mark>{{5, "unguarded-write"}}));
}

}  // namespace
}  // namespace hawk::checker
