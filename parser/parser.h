// Text -> typed AST. No ANTLR type is visible outside parser/.
#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "parser/ast.h"
#include "common/diagnostic.h"
#include "parser/variables.h"

namespace connql {

// What a script's own statements change while it is parsed: DEFINE/UNDEFINE
// update the variables and SET 'connql.dialect' the dialect, for the statements
// that follow. The REPL and the server keep one of these per session.
struct ParseState {
    Dialect dialect = Dialect::Connql;
    Dialect default_dialect = Dialect::Connql;  // what UNSET 'connql.dialect' returns to
    Variables variables;
};

// Parses every statement of `text`. Throws connql::Error (kind Syntax or Compile)
// at the first error, so a script with any error yields no statement at all.
std::vector<ast::Statement> parse_script(std::string_view text, ParseState& state);

// How much a statement is trusted to be well formed. Scripts mostly are: ANTLR
// parses each statement, and only one it rejects goes to the grammar walker for
// the error. A server's requests are untrusted, and answering a malformed one
// through ANTLR's failure (an exception through every rule's frame) costs more
// than the walker: WalkFirst walks each statement before ANTLR parses it (a few
// microseconds more for a good statement, which then goes to Connect anyway).
enum class SyntaxCheck { OnFailure, WalkFirst };

// The same, with the error returned instead of thrown: a syntax error found by the
// grammar walker is never thrown at all, so a server answering malformed requests
// does not pay for unwinding the parser's frames.
std::variant<std::vector<ast::Statement>, Error> parse_script_or_error(std::string_view text, ParseState& state,
                                                                       SyntaxCheck check = SyntaxCheck::OnFailure);

// Convenience for one-statement inputs and tests.
ast::Statement parse_statement(std::string_view text, ParseState& state);

// True when `text` ends with a ';' that closes a statement (not one inside a
// string or comment): the REPL then runs what was typed.
bool ends_statement(std::string_view text);

const char* dialect_name(Dialect dialect);
bool parse_dialect(std::string_view text, Dialect& out);

}  // namespace connql
