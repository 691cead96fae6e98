// Lints: each warning where the policy invites it, and none where it does not.

#include <doctest/doctest.h>

#include "interpreter/lints.hpp"
#include "test_support.hpp"

using namespace clause;
using namespace clause::testing;

namespace {

// The lints' warnings for a policy that checks without errors, rendered.
std::string lint(const std::string& text) {
  Checked checked = check_text(text);
  REQUIRE_FALSE(checked.diagnostics.has_errors());
  Diagnostics lints;
  lint_program(*checked.program, lints);
  std::string rendered;
  for (const Diagnostic& diagnostic : lints.all()) rendered += diagnostic.code + ": " + diagnostic.message + "\n";
  return rendered;
}

std::string cloud(std::string_view hit, std::string_view lower, std::string_view upper, std::string_view cap) {
  return policy_with("  fee: money\n", std::string("measure 一 \"云\" {\n  > 条文\n  amount brackets fee ") + std::string(hit) +
                                           " {\n    " + std::string(lower) + "\n    " + std::string(upper) +
                                           "\n    otherwise: 0\n  }\n" + std::string(cap) + "}\n");
}

}  // namespace

TEST_CASE("a drop one fen past a bound is a cliff, with both values") {
  std::string found = lint(cloud("hit highest", "(2万, 5万]: fee * 50%", "[5万, inf): fee * 20%", "  cap 6万\n"));
  CHECK(found ==
        "W0701: cliff: fee = 50000 is paid 25000.00, but fee = 50000.01 is paid 10000.00: one step more lowers the "
        "award by 15000.00\n");
}

TEST_CASE("a drop on reaching a bound is a cliff too") {
  std::string found = lint(cloud("", "(2万, 5万): fee * 50%", "[5万, inf): fee * 20%", ""));
  CHECK(found.find("fee = 49999.99 is paid 24999.99") == std::string::npos);  // rounded half-up: 24999.995 → 25000.00
  CHECK(found.find("fee = 49999.99 is paid 25000.00, but fee = 50000 is paid 10000.00") != std::string::npos);
}

TEST_CASE("brackets that only rise, or whose drop a cap hides, are no cliff") {
  CHECK(lint(cloud("", "(2万, 5万]: fee * 50%", "(5万, inf): fee * 60%", "")) == "");
  CHECK(lint(cloud("", "[0, 30万]: fee * 20%", "(30万, inf): 5万", "  cap 5万\n")) == "");
  CHECK(lint(cloud("", "[0, 30万]: fee * 20%", "(30万, inf): 5万", "")).starts_with("W0701"));
}

TEST_CASE("brackets whose amounts read other facts are not judged") {
  std::string text = policy_with("  fee: money\n  other: money\n",
                                 "measure 一 \"云\" {\n  > 条文\n  amount brackets fee {\n    [0, 5万): other\n"
                                 "    [5万, inf): 0\n  }\n}\n");
  CHECK(lint(text) == "");
}

TEST_CASE("unused parameters and facts; id and names read by tables are used") {
  std::string text = policy_with("  spend: money\n  unused_fact: money = 0\n",
                                 "param rate = 10%\nparam unused_param = 5%\nparam top = 1万\n"
                                 "measure 一 \"补助\" {\n  > 条文\n  amount min(spend * rate, top)\n}\n");
  std::string found = lint(text);
  CHECK(found.find("W0702: parameter 'unused_param'") != std::string::npos);
  CHECK(found.find("W0703: fact 'unused_fact'") != std::string::npos);
  CHECK(found.find("'rate'") == std::string::npos);
  CHECK(found.find("'id'") == std::string::npos);
}

TEST_CASE("units that look off") {
  std::string text = policy_with("  spend: money\n",
                                 "param small: money = 30\nparam rate = 0.1\nparam high = 120%\nparam fine = 30万\n"
                                 "measure 一 \"补助\" {\n  > 条文\n  amount min(spend * rate * high, small, fine)\n}\n");
  std::string found = lint(text);
  CHECK(found.find("'small' looks off: 30 yuan") != std::string::npos);
  CHECK(found.find("'rate' looks off: 0.1 is a plain number") != std::string::npos);
  CHECK(found.find("'high' looks off: a rate of 120% is more than 100%") != std::string::npos);
  CHECK(found.find("'fine'") == std::string::npos);
}
