#include "repl/input.h"

#include "parser/parser.h"

namespace connql {

SplitInput split_input(std::string_view text) {
    SplitInput out;
    size_t start = 0;
    // ends_statement decides, so that a ';' in a string or a comment never ends one.
    for (size_t semicolon = text.find(';'); semicolon != std::string_view::npos; semicolon = text.find(';', semicolon + 1)) {
        std::string_view candidate = text.substr(start, semicolon + 1 - start);
        if (!ends_statement(candidate)) continue;
        out.statements.emplace_back(candidate);
        start = semicolon + 1;
    }
    out.rest = std::string(text.substr(start));
    if (is_blank(out.rest)) out.rest.clear();
    return out;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace connql
