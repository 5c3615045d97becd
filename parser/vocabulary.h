// The grammar's token types as words a user knows (internal to parser/). Keyword
// spellings are read from the generated lexer, so a keyword added to the grammar
// needs no change anywhere else.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace connql::detail {

bool is_keyword_type(size_t type);
// The keyword as written in a statement: "SKIP" for the token SKIP_.
std::string keyword_spelling(size_t type);
// Every keyword, sorted.
const std::vector<std::string>& keyword_spellings();
// A token that is a name by itself (not a keyword used as one).
bool is_name_type(size_t type);

}  // namespace connql::detail
