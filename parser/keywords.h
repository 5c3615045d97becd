// The language's keywords, for code that writes statements (SHOW CREATE CONNECTOR)
// and must quote a name that would read as a keyword.
#pragma once

#include <string>
#include <string_view>

namespace connql {

bool is_keyword(std::string_view word);  // case-insensitive

// A name as it should be written in a connql statement: bare when it is a plain
// identifier and not a keyword, otherwise `back-quoted` with `` doubled.
std::string quote_name(std::string_view name);

}  // namespace connql
