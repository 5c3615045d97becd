// Tab completion: what may be typed at the cursor (parser/completion.h says which
// keywords, and which kind of name: a connector, a plugin, a config key...), the
// names of that kind from a CompletionSource, and what one Tab then does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "repl/completion_source.h"
#include "repl/line_editor.h"

namespace connql {

struct Candidate {
    std::string text;    // as it is inserted: a keyword, a name (quoted if it must be), a 'string'
    std::string detail;  // shown beside it in a listing (a config key's type and default)
    bool complete = true;  // a space may follow it (false for a ${variable} part or an open quote)
};

struct Completions {
    size_t replace = 0;  // bytes before the cursor the chosen candidate replaces (the partial word)
    std::string partial;
    std::vector<Candidate> candidates;  // matching the partial word, sorted, no duplicates
};

Completions complete_at(std::string_view line, size_t cursor, CompletionSource& source);

// One Tab: a single candidate is inserted (with a space after it); several insert
// their longest common prefix, or, when that adds nothing, are listed (at most
// `max_listed`, then a count of the rest).
TabAnswer tab_answer(const Completions& completions, size_t max_listed = 200);

// The connector class whose config keys fit at the end of `statement` (the text
// of one statement up to the cursor): CREATE's USING or 'connector.class', or the
// live class of the connector ALTER names. Empty when none can be told.
std::string class_for_config_keys(std::string_view statement, CompletionSource& source);

}  // namespace connql
