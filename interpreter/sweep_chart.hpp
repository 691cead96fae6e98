#pragma once
// A sweep drawn as an SVG line chart: the parameter's values across, the budget
// up; the total as a thick line, each article that changes as a thin one, the
// budget (if one was given) as a dashed line. Self-contained SVG, so it opens
// in a browser and pastes into a document.
//
// Positions are computed with Decimal like everything else, and written to one
// decimal of a pixel.

#include <optional>
#include <string>
#include <vector>

#include "stdlib/decimal.hpp"

namespace clause {

struct ChartSeries {
  std::string name;
  std::vector<Decimal> values;  // one per x
};

struct ChartText {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string budget_label;
};

std::string sweep_chart_svg(const ChartText& text, const std::vector<Decimal>& xs, const std::vector<std::string>& x_labels,
                            const std::vector<ChartSeries>& series, const std::optional<Decimal>& budget);

}  // namespace clause
