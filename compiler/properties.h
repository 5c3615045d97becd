// The session properties connql itself understands (SET 'connql.*'), with the
// values each accepts. Pure: `prepare` checks every SET with it before anything
// runs, and the engine reads typed values back from it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/position.h"

namespace connql {

struct PropertyInfo {
    const char* name;
    const char* accepts;      // for messages and docs: "'running' or 'none'", "a duration"
    const char* description;  // one line, for docs and HELP
};

// Every connql.* property, in the order docs list them.
const std::vector<PropertyInfo>& connql_properties();

// Throws connql::Error (Compile) at `value_pos` for a value the property does not
// accept, and at `name_pos` for an unknown connql.* name, with a "did you mean".
// Other names (ksqlDB's own query properties, say) are accepted: returns a warning
// to show instead, since they change nothing about connectors.
std::optional<std::string> check_property(const std::string& name, const std::string& value, Position name_pos,
                                          Position value_pos);

}  // namespace connql
