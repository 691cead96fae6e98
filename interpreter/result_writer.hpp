#pragma once
// Results written out: JSON as the contract's section 3 fixes it (one compact
// line per record for JSON Lines), and an aligned table for people.

#include <string>
#include <string_view>
#include <vector>

#include "interpreter/evaluation_result.hpp"
#include "interpreter/explanation.hpp"

namespace clause {

std::string json_string(std::string_view text);
void append_json_string(std::string_view text, std::string& out);
// {"id": ..., "year": ..., "total": "...", "measures": [{"article", "amount", "why"}], "benefits": [...]}
std::string result_json(const EvaluationResult& result, Language language, bool pretty);
void append_result_json(const EvaluationResult& result, Language language, bool pretty, std::string& out);
// {"line": 7, "error": "..."}
std::string error_json(int line, std::string_view message);
std::string result_table(const EvaluationResult& result, Language language);

// CSV for spreadsheets: a byte order mark (so Excel reads UTF-8), then
// line,id,year,<one column per article>,total,benefits,error
std::string csv_header(const std::vector<std::string>& articles);
// One row; a bad line has its error and no amounts.
void append_csv_row(const EvaluationResult* result, int line, std::string_view error, std::size_t article_count,
                    std::string& out);

}  // namespace clause
