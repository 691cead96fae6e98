#include "interpreter/sweep_chart.hpp"

#include <fmt/format.h>

#include "interpreter/value_format.hpp"

namespace clause {
namespace {

constexpr int chart_width = 860;
constexpr int chart_height = 500;
constexpr int left = 110;
constexpr int right = 640;  // the legend sits to the right of the plot
constexpr int top = 60;
constexpr int bottom = 420;
constexpr const char* palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

// pixel_from + (value - low) / (high - low) × (pixel_to - pixel_from), to a tenth of a pixel.
std::string position(const Decimal& value, const Decimal& low, const Decimal& high, int pixel_from, int pixel_to) {
  Decimal range = high - low;
  Decimal fraction = range.is_zero() ? Decimal{} : Decimal::divide(value - low, range);
  Decimal pixel = Decimal::from_integer(pixel_from) + fraction * Decimal::from_integer(pixel_to - pixel_from);
  return pixel.rounded(1, RoundingMode::half_up).to_string();
}

// The smallest 1, 2 or 5 × 10^k at or above `value`, so the axis ends on a round number.
Decimal round_up_nicely(const Decimal& value) {
  if (value <= Decimal::from_integer(0)) return Decimal::from_integer(1);
  Decimal power = Decimal::from_integer(1);
  while (power * Decimal::from_integer(10) <= value) power = power * Decimal::from_integer(10);
  for (int step : {1, 2, 5, 10}) {
    Decimal candidate = power * Decimal::from_integer(step);
    if (candidate >= value) return candidate;
  }
  return power * Decimal::from_integer(10);
}

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string axes(const ChartText& text, const std::vector<Decimal>& xs, const std::vector<std::string>& x_labels,
                 const Decimal& y_max) {
  std::string out;
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333\"/>\n", left, bottom, right);
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"/>\n", left, top, bottom);
  constexpr int y_ticks = 5;
  for (int i = 0; i <= y_ticks; ++i) {
    Decimal tick = Decimal::divide(y_max * Decimal::from_integer(i), Decimal::from_integer(y_ticks));
    std::string y = position(tick, Decimal{}, y_max, bottom, top);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#ddd\"/>\n", left, y, right);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n", left - 6, y,
                       tick.rounded(0, RoundingMode::half_up).to_string());
  }
  std::size_t every = xs.size() > 11 ? (xs.size() + 10) / 11 : 1;
  for (std::size_t i = 0; i < xs.size(); i += every) {
    std::string x = position(xs[i], xs.front(), xs.back(), left, right);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"/>\n", x, bottom, bottom + 5);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, bottom + 20, escape(x_labels[i]));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", (left + right) / 2, bottom + 45,
                     escape(text.x_label));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"start\">{}</text>\n", left - 100, top - 15, escape(text.y_label));
  return out;
}

std::string line(const ChartSeries& series, const std::vector<Decimal>& xs, const Decimal& y_max, const char* colour,
                 int width) {
  std::string points;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    points += fmt::format("{}{},{}", i ? " " : "", position(xs[i], xs.front(), xs.back(), left, right),
                          position(series.values[i], Decimal{}, y_max, bottom, top));
  }
  return fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" points=\"{}\"/>\n", colour, width, points);
}

}  // namespace

std::string sweep_chart_svg(const ChartText& text, const std::vector<Decimal>& xs, const std::vector<std::string>& x_labels,
                            const std::vector<ChartSeries>& series, const std::optional<Decimal>& budget) {
  Decimal highest = budget.value_or(Decimal{});
  for (const ChartSeries& one : series)
    for (const Decimal& value : one.values) highest = max(highest, value);
  Decimal y_max = round_up_nicely(highest);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      chart_width, chart_height);
  out += fmt::format("<text x=\"{}\" y=\"24\" font-size=\"16\" font-weight=\"bold\">{}</text>\n", left - 100, escape(text.title));
  out += axes(text, xs, x_labels, y_max);
  int legend_y = top;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const char* colour = i == 0 ? "#000" : palette[(i - 1) % std::size(palette)];
    int width = i == 0 ? 3 : 1;
    out += line(series[i], xs, y_max, colour, width);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"{4}\"/>\n", right + 20,
                       legend_y, right + 45, colour, width);
    out += fmt::format("<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\">{}</text>\n", right + 52, legend_y,
                       escape(series[i].name));
    legend_y += 20;
  }
  if (budget) {
    std::string y = position(*budget, Decimal{}, y_max, bottom, top);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>\n", left, y, right);
    out += fmt::format("<text x=\"{}\" y=\"{}\" dy=\"-4\" fill=\"#c00\" text-anchor=\"end\">{} {}</text>\n", right, y,
                       escape(text.budget_label), format_money(*budget));
  }
  return out + "</svg>\n";
}

}  // namespace clause
