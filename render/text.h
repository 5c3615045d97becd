// Statement results as ksqlDB's CLI shows them: tables and key/value blocks.
// Results arrive with secrets already masked.
#pragma once

#include <string>

#include "engine/results.h"

namespace connql {

// The text ksqlDB's CLI prints for one result ("" for NoOutput), then its warnings.
std::string render_text(const StatementResult& result);

// One record of PRINT as ksqlDB prints it: "rowtime: ..., key: ..., value: ..., partition: n\n".
std::string printed_record_line(const PrintedRecord& record);

}  // namespace connql
