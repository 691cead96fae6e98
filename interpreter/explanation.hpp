#pragma once
// The why of a result in plain words, in Chinese or English: each step the
// evaluator took, written so a policy officer can redo the arithmetic by hand.

#include <string>
#include <optional>
#include <string_view>

#include "dsl/source.hpp"
#include "interpreter/evaluation_result.hpp"

namespace clause {

enum class Language { zh, en };

std::optional<Language> language_from_name(std::string_view name);
std::string explain_step(const WhyStep& step, Language language);
// The same words appended to `out`: a population run writes thousands of them.
void append_explanation(const WhyStep& step, Language language, std::string& out);
// "policy.clause:83 | param cloud_cap = 6万": the policy line a step comes from,
// shown beside it; "" for a step with no source.
std::string step_source_line(const SourceFile& source, Span span);

}  // namespace clause
