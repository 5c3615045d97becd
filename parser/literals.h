// The values written after `key =` in a text, found lexically (the text need not
// parse): what masking needs to hide a secret in a statement echo or in a quoted
// source line without moving anything else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace connql {

struct PropertyLiteral {
    std::string key;     // the key as written, unquoted ('tasks.max' -> tasks.max); a DEFINE's variable name
    std::string value;   // the literal's text, unquoted for strings
    size_t begin = 0;    // byte range of the literal token in the text, quotes included
    size_t end = 0;
    bool quoted = false; // a '...' string (the rest: numbers, TRUE, FALSE, NULL, ${var})
    bool session_property = false;  // SET 'property' = 'value': the session's, not a connector's
};

// Every `key = literal` of the text, in order: WITH and ALTER SET properties,
// DEFINE, and SET 'property' = 'value' (marked session_property).
std::vector<PropertyLiteral> property_literals(std::string_view text);

}  // namespace connql
