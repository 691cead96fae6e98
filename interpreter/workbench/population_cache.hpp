#pragma once
// The population `clause serve --population` was given: its text read once at
// start, and its records read onto a policy's facts (a RecordSet) once per
// facts declaration. A policy edited in the workbench usually keeps its facts,
// so every what-if reuses the same records; an edit that changes the facts
// (a new field, another default) gets the population read again for it.

#include <memory>
#include <mutex>
#include <string>

#include "interpreter/checked_program.hpp"
#include "interpreter/record_set.hpp"

namespace clause::workbench {

class PopulationCache {
 public:
  PopulationCache(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // The records as `program`'s facts declaration reads them. Thread-safe.
  std::shared_ptr<const RecordSet> records_for(const CheckedProgram& program) const;

 private:
  std::string path_;
  std::string text_;
  mutable std::mutex mutex_;
  mutable std::string fingerprint_;  // the facts declaration the records were read with
  mutable std::shared_ptr<const RecordSet> records_;
};

// What a facts reader's result depends on, as text: every enum's members, every
// record's fields with their types, whether required, and defaults. Two
// programs with the same fingerprint read any facts to the same values.
std::string schema_fingerprint(const Schema& schema);

}  // namespace clause::workbench
