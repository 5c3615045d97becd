// Statement results as the /ksql endpoint returns them: JSON entities with
// ksqlDB's "@type" names and fields, plus connql's own for what ksqlDB lacks.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "engine/results.h"

namespace connql {

// The entity, or nullopt for NoOutput (ksqlDB answers DEFINE and the like with none).
std::optional<nlohmann::ordered_json> render_entity(const StatementResult& result);

}  // namespace connql
