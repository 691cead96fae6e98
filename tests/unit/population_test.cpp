#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "interpreter/population.hpp"
#include "interpreter/result_writer.hpp"
#include "interpreter/summary.hpp"
#include "test_support.hpp"

using namespace clause;
using testing::check_text;
using testing::policy_with;

namespace {

struct PopulationFixture {
  testing::Checked checked = check_text(policy_with("  fee: money\n", "measure 一 \"m\" {\n  amount fee * 20%\n}\n"));
  Evaluator evaluator{checked.program};
  FactsReader reader{checked.program->schema};
};

// Runs `input` through a PopulationRunner and returns the CSV rows it wrote and
// the lines it observed, both in the order delivered.
struct RunOutput {
  std::string text;
  std::vector<int> observed_lines;
  std::vector<std::string> observed_errors;  // "" for a record that was evaluated
  std::vector<std::string> observed_totals;  // what the observer read of each evaluated result, with observe_results
};

using Stream = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// `input` as a stream for a run to read.
Stream stream_of(const std::string& input) {
  Stream stream(fmemopen(const_cast<char*>(input.data()), input.size(), "r"), &std::fclose);
  REQUIRE(stream);
  return stream;
}

PopulationOptions options_for(int threads, std::size_t batch_lines, bool observe_results) {
  PopulationOptions options;
  options.threads = threads;
  options.batch_lines = batch_lines;
  options.explain = false;
  options.observe_results = observe_results;
  return options;
}

// Each outcome as the CSV row `clause eval --format csv` writes.
void render_csv_row(const RecordOutcome& outcome, std::string& out) {
  append_csv_row(outcome.ok ? &outcome.result : nullptr, outcome.line, outcome.error, 1, out);
}

// With `stop_after`, the run is stopped (PopulationOptions::stop) once it has
// observed that many records, fewer than the input holds.
RunOutput run(const PopulationFixture& fixture, const std::string& input, int threads, std::size_t batch_lines,
              bool observe_results = true, Summary* summary = nullptr, std::size_t stop_after = 0) {
  Stream stream = stream_of(input);
  PopulationOptions options = options_for(threads, batch_lines, observe_results);
  options.summary = summary;
  std::atomic<bool> stop{false};
  if (stop_after > 0) options.stop = &stop;
  PopulationRunner runner(fixture.evaluator, fixture.reader, options);
  RunOutput output;
  bool finished = runner.run(
      stream.get(),
      render_csv_row,
      [&](const RecordOutcome& outcome) {
        output.observed_lines.push_back(outcome.line);
        output.observed_errors.push_back(outcome.ok ? std::string() : outcome.error);
        if (observe_results && outcome.ok) output.observed_totals.push_back(outcome.result.total.to_string());
        if (output.observed_lines.size() == stop_after) stop = true;
      },
      [&](std::string_view text) { output.text += text; });
  CHECK(finished == (stop_after == 0));
  return output;
}

// n records, one bad one, blank lines between some, and no newline after the last.
std::string population(int records) {
  std::string text;
  for (int i = 1; i <= records; ++i) {
    if (i == 7) text += "{\"id\":\"bad\",\"year\":2024,\"fee\":\"x\"}\n";
    else text += "{\"id\":\"e" + std::to_string(i) + "\",\"year\":2024,\"fee\":\"" + std::to_string(i * 100) + ".05\"}\n";
    if (i % 5 == 0) text += "  \n";
  }
  text.pop_back();
  return text;
}

}  // namespace

TEST_CASE("a population run gives the same rows, in input order, whatever the threads and batch size") {
  PopulationFixture fixture;
  std::string input = population(200);
  RunOutput one_thread = run(fixture, input, 1, 2048);
  // 200 records in 200 CSV rows, line numbers counting the blank lines.
  CHECK(std::count(one_thread.text.begin(), one_thread.text.end(), '\n') == 200);
  CHECK(one_thread.text.rfind("1,e1,2024,20.01,20.01,,\n", 0) == 0);
  CHECK(one_thread.text.find("8,bad,") == std::string::npos);
  CHECK(one_thread.text.find("\n8,,,,,,\"$.fee: expected money") != std::string::npos);
  CHECK(one_thread.observed_lines.back() == 239);  // 200 records and 39 blank lines
  for (int threads : {2, 3, 8}) {
    for (std::size_t batch_lines : {1, 3, 64, 2048}) {
      CAPTURE(threads);
      CAPTURE(batch_lines);
      RunOutput other = run(fixture, input, threads, batch_lines);
      CHECK(other.text == one_thread.text);
      CHECK(other.observed_lines == one_thread.observed_lines);
      CHECK(other.observed_totals == one_thread.observed_totals);
    }
  }
}

TEST_CASE("an observer that reads no results sees every line, in order, with its error, and the same rows are written") {
  PopulationFixture fixture;
  std::string input = population(200);
  RunOutput with_results = run(fixture, input, 1, 2048);
  REQUIRE(with_results.observed_totals.size() == 199);  // 200 records, one bad
  CHECK(with_results.observed_totals.front() == "20.01");
  for (int threads : {1, 2, 3}) {
    for (std::size_t batch_lines : {1, 3, 64, 2048}) {
      CAPTURE(threads);
      CAPTURE(batch_lines);
      RunOutput without = run(fixture, input, threads, batch_lines, false);
      CHECK(without.text == with_results.text);
      CHECK(without.observed_lines == with_results.observed_lines);
      CHECK(without.observed_errors == with_results.observed_errors);
      CHECK(std::count_if(without.observed_errors.begin(), without.observed_errors.end(),
                          [](const std::string& error) { return error.starts_with("$.fee: expected money"); }) == 1);
    }
  }
}

TEST_CASE("records read where they lie in a batch read as each line read on its own") {
  // Cut-off lines are followed by whole records: reading in place must stop at
  // the end of its line, never run on into the next.
  const std::vector<std::string> lines = {
      R"({"id":"a","year":2024,"fee":"100.05"})",
      R"({"id":"cut","year":2024,"fee":"1)",
      R"({"id":"b","year":2024,"fee":200})",
      R"({"id":"c","year":2024,)",
      R"({"id":"d","year":2024,"fee":3} {"id":"e"})",
      R"({"id":"f","year":2024,"fee":"4")",
      R"({"id":"g","year":2024,"fee":5})",
      R"({"id":"h","year":2024,"fee":6})",
  };
  PopulationFixture fixture;
  std::string input;
  std::string expected;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    input += lines[i] + "\n";
    RecordOutcome alone = evaluate_record(fixture.evaluator, fixture.reader, static_cast<int>(i + 1), lines[i], false);
    append_csv_row(alone.ok ? &alone.result : nullptr, alone.line, alone.error, 1, expected);
  }
  CHECK(std::count(expected.begin(), expected.end(), ',') > 0);
  CHECK(expected.find("2,,,,,,") != std::string::npos);  // the cut-off line is an error, not a record
  for (std::size_t batch_lines : {1, 2, 3, 2048}) {
    CAPTURE(batch_lines);
    CHECK(run(fixture, input, 1, batch_lines).text == expected);
    CHECK(run(fixture, input, 2, batch_lines).text == expected);
  }
}

TEST_CASE("lines longer than one read of the input, and lines cut across reads, are read whole") {
  // The input is read at most 64 KB at a time (4 KB for batches of a few lines)
  // into a batch's buffer, which grows (and moves) for a batch longer than any
  // before, and carries the start of a line cut by a read over to the next batch.
  PopulationFixture fixture;
  std::vector<std::string> lines;
  for (int i = 0; i < 40; ++i) {
    const std::size_t padding = i % 7 == 3 ? 300000 + static_cast<std::size_t>(i) * 1000 : 20000;
    lines.push_back(R"({"id":"e)" + std::to_string(i) + R"(","note":")" + std::string(padding, 'x') +
                    R"(","year":2024,"fee":")" + std::to_string(i * 10) + R"("})");
  }
  std::string input;
  std::string expected;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    input += lines[i];
    if (i + 1 < lines.size()) input += "\n";  // no newline after the last
    RecordOutcome alone = evaluate_record(fixture.evaluator, fixture.reader, static_cast<int>(i + 1), lines[i], false);
    REQUIRE(alone.ok);
    append_csv_row(&alone.result, alone.line, alone.error, 1, expected);
  }
  REQUIRE(input.size() > 3 * (256u << 10));
  for (std::size_t batch_lines : {1, 3, 16, 2048}) {
    for (int threads : {1, 2}) {
      CAPTURE(batch_lines);
      CAPTURE(threads);
      RunOutput output = run(fixture, input, threads, batch_lines);
      CHECK(output.text == expected);
      CHECK(output.observed_lines.size() == lines.size());
    }
  }
}

TEST_CASE("a population of blank lines, or of nothing, gives no rows") {
  PopulationFixture fixture;
  for (const std::string input : {"", "\n", " \n\t\r\n\n"}) {
    for (int threads : {1, 2}) {
      RunOutput output = run(fixture, input, threads, 2);
      CHECK(output.text.empty());
      CHECK(output.observed_lines.empty());
    }
  }
}

TEST_CASE("a summary summed chunk by chunk on several threads is the summary of the records added in input order") {
  PopulationFixture fixture;
  // Equal fees in every chunk: the largest award is the first one in the input, e5.
  std::string input;
  for (int i = 1; i <= 300; ++i) {
    if (i % 37 == 0) input += "{\"id\":\"bad\",\"year\":2024,\"fee\":\"x\"}\n";
    input += "{\"id\":\"e" + std::to_string(i) + "\",\"year\":2024,\"fee\":" + std::to_string((i % 5) * 100) + "}\n";
    if (i % 11 == 0) input += "\n";
  }
  Summary expected;
  for_each_json_line(input, [&](int line, std::string_view record) {
    expected.add(evaluate_record(fixture.evaluator, fixture.reader, line, record, false));
  });
  REQUIRE(expected.articles().size() == 1);
  CHECK(expected.articles()[0].largest_id == "e4");
  CHECK(expected.bad_lines() == 8);
  CHECK(expected.records() == 308);
  for (int threads : {1, 2, 3}) {
    for (std::size_t batch_lines : {1, 7, 64, 2048}) {
      for (bool observe_results : {false, true}) {
        CAPTURE(threads);
        CAPTURE(batch_lines);
        CAPTURE(observe_results);
        Summary summary;
        run(fixture, input, threads, batch_lines, observe_results, &summary);
        CHECK(summary.to_json() == expected.to_json());
        CHECK(summary.records() == expected.records());
      }
    }
  }
}

TEST_CASE("a run of two versions reads each record once and gives each version's own outcome, in input order") {
  // Two versions of a policy reading different facts, as a diff compares them:
  // the second requires `bonus`, so some records are good for one version only.
  PopulationFixture first;
  testing::Checked second_checked =
      check_text(policy_with("  fee: money\n  bonus: money\n", "measure 一 \"m\" {\n  amount fee * 50% + bonus\n}\n"));
  Evaluator second_evaluator{second_checked.program};
  FactsReader second_reader{second_checked.program->schema};
  std::string input;
  for (int i = 1; i <= 150; ++i) {
    input += "{\"id\":\"e" + std::to_string(i) + "\",\"year\":2024,\"fee\":" + std::to_string(i * 10);
    if (i % 3 != 0) input += ",\"bonus\":" + std::to_string(i);
    input += i % 29 == 0 ? ",\"fee\":1}\n" : "}\n";  // a duplicate key: bad for both
    if (i % 13 == 0) input += "\n";
  }
  // What each version gives each record alone: "line total" or "line error".
  auto described = [](const RecordOutcome& outcome) {
    return std::to_string(outcome.line) + " " + (outcome.ok ? outcome.result.total.to_fixed(2) : outcome.error);
  };
  // Without results the observer is promised lines and errors only.
  auto line_and_error = [](const RecordOutcome& outcome) {
    return std::to_string(outcome.line) + (outcome.ok ? "" : " " + outcome.error);
  };
  std::vector<std::string> expected;
  std::vector<std::string> expected_lines_and_errors;
  for_each_json_line(input, [&](int line, std::string_view record) {
    RecordOutcome under_first = evaluate_record(first.evaluator, first.reader, line, record, false);
    RecordOutcome under_second = evaluate_record(second_evaluator, second_reader, line, record, false);
    expected.push_back(described(under_first) + " | " + described(under_second));
    expected_lines_and_errors.push_back(line_and_error(under_first) + " | " + line_and_error(under_second));
  });
  REQUIRE(expected.size() == 150);
  CHECK(expected[0] == "1 2.00 | 1 6.00");
  CHECK(expected[2].find("3 6.00 | 3 $.bonus: missing required field") == 0);
  for (int threads : {1, 2, 3}) {
    for (std::size_t batch_lines : {1, 7, 2048}) {
      for (bool observe_results : {false, true}) {
        CAPTURE(threads);
        CAPTURE(batch_lines);
        CAPTURE(observe_results);
        Stream stream = stream_of(input);
        PopulationRunner runner({{&first.evaluator, &first.reader}, {&second_evaluator, &second_reader}},
                                options_for(threads, batch_lines, observe_results));
        std::vector<std::string> seen;
        bool finished = runner.run_versions(stream.get(), [&](std::span<const RecordOutcome> outcomes) {
          REQUIRE(outcomes.size() == 2);
          if (observe_results) {
            seen.push_back(described(outcomes[0]) + " | " + described(outcomes[1]));
          } else {
            seen.push_back(line_and_error(outcomes[0]) + " | " + line_and_error(outcomes[1]));
          }
        });
        CHECK(finished);
        CHECK(seen == (observe_results ? expected : expected_lines_and_errors));
      }
    }
  }
}

TEST_CASE("versions that share a reader evaluate each record's facts, read once, as each version alone would") {
  // A what-if's baseline and scenario share their policy's reader; a third
  // version reading other facts comes after them, as a diff's would.
  testing::Checked checked =
      check_text(policy_with("  fee: money\n", "param rate = 20%\nmeasure 一 \"m\" {\n  amount fee * rate\n}\n"));
  REQUIRE(checked.program);
  Evaluator baseline{checked.program};
  Evaluator what_if{checked.program, {Value(Decimal::parse("0.5").value())}};
  FactsReader reader{checked.program->schema};
  testing::Checked other_checked =
      check_text(policy_with("  fee: money\n  bonus: money = 7\n", "measure 一 \"m\" {\n  amount fee + bonus\n}\n"));
  REQUIRE(other_checked.program);
  Evaluator other{other_checked.program};
  FactsReader other_reader{other_checked.program->schema};
  std::string input;
  for (int i = 1; i <= 120; ++i) {
    input += "{\"id\":\"e" + std::to_string(i) + "\",\"year\":2024,\"fee\":" + std::to_string(i * 10);
    if (i % 4 == 0) input += ",\"bonus\":" + std::to_string(i);
    input += i % 17 == 0 ? ",\"fee\":\"x\"}\n" : "}\n";  // a duplicate key: bad under every version
  }
  auto described = [](const RecordOutcome& outcome) {
    return std::to_string(outcome.line) + " " + (outcome.ok ? outcome.result.total.to_fixed(2) : outcome.error);
  };
  std::vector<std::string> expected;
  for_each_json_line(input, [&](int line, std::string_view record) {
    expected.push_back(described(evaluate_record(baseline, reader, line, record, false)) + " | " +
                       described(evaluate_record(what_if, reader, line, record, false)) + " | " +
                       described(evaluate_record(other, other_reader, line, record, false)));
  });
  REQUIRE(expected.size() == 120);
  CHECK(expected[0] == "1 2.00 | 1 5.00 | 1 17.00");
  CHECK(expected[3] == "4 8.00 | 4 20.00 | 4 44.00");
  CHECK(expected[16].find("duplicate key") != std::string::npos);
  for (int threads : {1, 2}) {
    for (std::size_t batch_lines : {1, 64}) {
      CAPTURE(threads);
      CAPTURE(batch_lines);
      Stream stream = stream_of(input);
      PopulationRunner runner({{&baseline, &reader}, {&what_if, &reader}, {&other, &other_reader}},
                              options_for(threads, batch_lines, true));
      std::vector<std::string> seen;
      CHECK(runner.run_versions(stream.get(), [&](std::span<const RecordOutcome> outcomes) {
        REQUIRE(outcomes.size() == 3);
        seen.push_back(described(outcomes[0]) + " | " + described(outcomes[1]) + " | " + described(outcomes[2]));
      }));
      CHECK(seen == expected);
    }
  }
}

TEST_CASE("records taken a group at a time, lists growing and shrinking, evaluate as each record alone") {
  // A run reads a group of records, each into a facts tree of its own that a
  // record of an earlier group left, before evaluating any of them: no record
  // may see another's lists, whatever their lengths and wherever a bad one falls.
  testing::Checked checked = check_text(
      "policy \"t\" {\n  valid 2023-01-01 to 2025-12-31\n  evaluation_year year\n}\n"
      "enum kind \"k\" {\n  a \"A\"\n  b \"B\"\n}\n"
      "record purchase \"p\" {\n  kind: kind \"k\"\n  amount: money \"m\"\n  date: date \"d\"\n}\n"
      "facts {\n  id: text\n  year: integer\n  purchases: list of purchase = []\n}\n"
      "let counted = filter(purchases, p -> in_force(p.date) and year(p.date) == year)\n"
      "measure 一 \"a\" {\n  for each p in counted where p.kind == a\n  amount p.amount * 10%\n}\n"
      "measure 二 \"b\" {\n  let spent = sum(counted, p -> p.amount)\n  when spent >= 100\n  amount spent * 5%\n}\n");
  REQUIRE(checked.program);
  Evaluator evaluator{checked.program};
  FactsReader reader{checked.program->schema};
  std::string input;
  for (int i = 1; i <= 90; ++i) {
    input += "{\"id\":\"e" + std::to_string(i) + "\",\"year\":2024,\"purchases\":[";
    const int purchases = (i * 7) % 6;  // 0 to 5, shorter and longer than the record read before into its tree
    for (int n = 0; n < purchases; ++n) {
      if (n > 0) input += ",";
      const bool bad = i % 23 == 0 && n == purchases - 1;
      input += "{\"kind\":\"" + std::string(bad ? "c" : (i + n) % 3 == 0 ? "b" : "a") + "\",\"amount\":" +
               std::to_string(i * 10 + n) + ",\"date\":\"202" + std::to_string(3 + (i + n) % 3) + "-03-01\"}";
    }
    input += "]}\n";
  }
  std::string expected;
  for_each_json_line(input, [&](int line, std::string_view record) {
    RecordOutcome alone = evaluate_record(evaluator, reader, line, record, false);
    append_csv_row(alone.ok ? &alone.result : nullptr, alone.line, alone.error, 1, expected);
  });
  // e4: purchases of 40 (2024), 41 (2025), 42 (2023, kind b) and 43 (2024): 一 pays 10% of 83; 二 needs 100.
  CHECK(expected.find("\n4,e4,2024,8.30,0.00,8.30,,\n") != std::string::npos);
  CHECK(expected.find("$.purchases[2].kind: unknown 'c'") != std::string::npos);
  for (int threads : {1, 2}) {
    for (std::size_t batch_lines : {1, 5, 16, 17, 2048}) {
      CAPTURE(threads);
      CAPTURE(batch_lines);
      Stream stream = stream_of(input);
      PopulationRunner runner(evaluator, reader, options_for(threads, batch_lines, false));
      std::string written;
      CHECK(runner.run(stream.get(), render_csv_row, [](const RecordOutcome&) {},
                       [&](std::string_view text) { written += text; }));
      CHECK(written == expected);
    }
  }
}

TEST_CASE("a population run observes and writes one batch at a time, whichever thread delivers it") {
  PopulationFixture fixture;
  std::string input = population(300);
  for (int threads : {2, 3, 8}) {
    CAPTURE(threads);
    Stream stream = stream_of(input);
    PopulationRunner runner(fixture.evaluator, fixture.reader, options_for(threads, 1, false));
    std::atomic<int> inside{0};
    int most_inside = 0;
    int observed = 0;
    auto enter = [&] {
      most_inside = std::max(most_inside, ++inside);
      std::this_thread::yield();  // room for another thread to come in, were calls not one at a time
    };
    bool finished = runner.run(
        stream.get(), [](const RecordOutcome&, std::string& out) { out += '.'; },
        [&](const RecordOutcome&) {
          enter();
          ++observed;
          --inside;
        },
        [&](std::string_view) {
          enter();
          --inside;
        },
        [&](long) {
          enter();
          --inside;
        });
    CHECK(finished);
    CHECK(observed == 300);
    CHECK(most_inside == 1);
  }
}

TEST_CASE("a population run stopped between batches delivers whole batches, in input order, and says it stopped") {
  PopulationFixture fixture;
  std::string input = population(400);
  const RunOutput whole = run(fixture, input, 1, 2048);
  REQUIRE(whole.observed_lines.size() == 400);
  for (int threads : {1, 2, 3}) {
    CAPTURE(threads);
    const RunOutput output = run(fixture, input, threads, 8, true, nullptr, 40);  // checks that it says it stopped
    // Batches read before the stop are still delivered; none is read after it.
    const std::size_t delivered = output.observed_lines.size();
    CHECK(delivered >= 40);
    CHECK(delivered <= 40 + 8 * 2 * static_cast<std::size_t>(threads));
    CHECK(delivered % 8 == 0);
    CHECK(std::equal(output.observed_lines.begin(), output.observed_lines.end(), whole.observed_lines.begin()));
    CHECK(whole.text.starts_with(output.text));
    CHECK(std::count(output.text.begin(), output.text.end(), '\n') == static_cast<long>(delivered));
  }
}

TEST_CASE("what an observer or a renderer throws ends the run on every thread and reaches the caller") {
  PopulationFixture fixture;
  std::string input = population(500);
  for (int threads : {1, 2, 3}) {
    for (std::size_t batch_lines : {1, 16}) {
      CAPTURE(threads);
      CAPTURE(batch_lines);
      {
        Stream stream = stream_of(input);
        PopulationRunner runner(fixture.evaluator, fixture.reader, options_for(threads, batch_lines, false));
        int observed = 0;
        auto observe = [&](const RecordOutcome& outcome) {
          if (outcome.line == 100) throw std::runtime_error("observer failed at line 100");
          ++observed;
        };
        CHECK_THROWS_WITH_AS(runner.run(stream.get(), {}, observe, {}), "observer failed at line 100",
                             std::runtime_error);
        CHECK(observed < 100);
      }
      {
        // A renderer runs on the thread that evaluates the batch, a helper as often as not.
        Stream stream = stream_of(input);
        PopulationRunner runner(fixture.evaluator, fixture.reader, options_for(threads, batch_lines, false));
        auto render = [](const RecordOutcome& outcome, std::string&) {
          if (outcome.line == 250) throw std::runtime_error("renderer failed at line 250");
        };
        CHECK_THROWS_WITH_AS(runner.run(stream.get(), render, [](const RecordOutcome&) {}, {}),
                             "renderer failed at line 250", std::runtime_error);
      }
    }
  }
}
