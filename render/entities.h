// Statement results as the /ksql endpoint returns them: JSON entities with
// ksqlDB's "@type" names and fields, plus connql's own for what ksqlDB lacks.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/results.h"

namespace connql {

// The entity, or nullopt for NoOutput (ksqlDB answers DEFINE and the like with none).
std::optional<nlohmann::ordered_json> render_entity(const StatementResult& result);

// An entity as the server writes it: a tree of its fields, except the one whose size
// grows with the cluster (SHOW CONNECTORS' rows), which is JSON text already, written
// without a tree (500 rows cost ~1 ms as a tree).
struct EntityParts {
    nlohmann::ordered_json fields;  // with null for `text_member`'s value, in its place
    std::string text_member;        // "" when every field is in the tree
    std::shared_ptr<const std::string> member_text;

    // The same bytes as the tree's dump().
    std::string text() const;
    nlohmann::ordered_json tree() &&;
};
std::optional<EntityParts> render_entity_parts(const StatementResult& result);

}  // namespace connql
