// Statement results as ksqlDB's CLI shows them (tables) or as the /ksql endpoint
// returns them (JSON entities). Results arrive with secrets already masked.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/results.h"

namespace connql {

// The text ksqlDB's CLI prints for one entity ("" for NoOutput).
std::string render_text(const StatementResult& result);

// The /ksql entity (nullopt for NoOutput, which ksqlDB answers with no entity).
std::optional<nlohmann::ordered_json> render_entity(const StatementResult& result);

// {"@type":"statement_error","error_code":..,"message":..,"statementText":..,"entities":[]}
nlohmann::ordered_json error_entity(int error_code, const std::string& message, const std::string& statement_text);

}  // namespace connql
