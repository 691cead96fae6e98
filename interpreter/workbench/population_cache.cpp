#include "interpreter/workbench/population_cache.hpp"

#include <fmt/format.h>

#include "interpreter/facts_reader.hpp"
#include "interpreter/value_format.hpp"

namespace clause::workbench {

std::shared_ptr<const RecordSet> PopulationCache::records_for(const CheckedProgram& program) const {
  std::string fingerprint = schema_fingerprint(program.schema);
  std::lock_guard lock(mutex_);
  if (!records_ || fingerprint != fingerprint_) {
    FactsReader reader(program.schema);
    records_ = std::make_shared<const RecordSet>(RecordSet::from_json_lines(text_, reader, 0));
    fingerprint_ = std::move(fingerprint);
  }
  return records_;
}

std::string schema_fingerprint(const Schema& schema) {
  std::string fingerprint = fmt::format("facts {}\n", schema.facts_record);
  for (const EnumSchema& declared : schema.enums) {
    fingerprint += fmt::format("enum {}: {}\n", declared.name, fmt::join(declared.members, " "));
  }
  for (const RecordSchema& record : schema.records) {
    fingerprint += fmt::format("record {}\n", record.name);
    for (const FieldSchema& field : record.fields) {
      std::string default_value = field.required ? "" : format_value(field.default_value, field.type, schema);
      fingerprint += fmt::format("  {}: {} {} {}\n", field.name, type_name(field.type, schema),
                                 field.required ? "required" : "=", default_value);
    }
  }
  return fingerprint;
}

}  // namespace clause::workbench
