// Typed text to statements: what ends with a ';' outside strings and comments
// runs, what follows stays for the next line (several statements on one line,
// one statement over several lines).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace connql {

struct SplitInput {
    std::vector<std::string> statements;  // each up to and with its ';'
    std::string rest;                     // an unfinished statement, or only blanks and comments
};

SplitInput split_input(std::string_view text);

bool is_blank(std::string_view text);

}  // namespace connql
