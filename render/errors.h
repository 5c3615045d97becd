// Errors as the /ksql endpoint returns them: ksqlDB's error codes (HTTP status
// x 100 + n) and its statement_error entity, with connql's position, hint and
// flags added for clients that can use them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/diagnostic.h"

namespace connql {

struct ErrorCode {
    int http_status = 500;
    int error_code = 50000;
};

// Syntax and compile errors: 400/40001 (ksqlDB's BAD_STATEMENT); usage: 400/40000;
// what Kafka Connect refused: Connect's own status x 100, as ksqlDB does (a
// duplicate name is 409/40900); a cluster that cannot be reached: 500/50000.
ErrorCode error_code_of(const Error& error);

// {"@type":"statement_error","error_code":..,"message":..,"statementText":..,
//  "entities":[..], "hint":.., "origin":.., "line":.., "column":..,
//  "retriable":.., "mayHaveBeenApplied":..}
nlohmann::ordered_json error_entity(const Error& error, const std::string& statement_text,
                                    const nlohmann::ordered_json& entities = nlohmann::ordered_json::array());

}  // namespace connql
