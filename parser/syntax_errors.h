// Turns ANTLR's syntax errors into connql diagnostics: the offending token,
// what was expected in words a user knows, and a "did you mean" for a misspelt keyword.
#pragma once

#include <antlr4-runtime.h>

#include <optional>
#include <vector>

#include "common/diagnostic.h"

namespace connql::detail {

class ThrowingErrorListener : public antlr4::BaseErrorListener {
public:
    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                     size_t column, const std::string& message, std::exception_ptr error) override;
};

// The tokens of the statement that starts at stream index `first`, up to the ';'
// or end of input that closes it (included), read from the lexer if need be.
std::vector<antlr4::Token*> statement_tokens_from(antlr4::TokenStream& stream, size_t first);

// `tokens` is one statement, from its first token to the ';' or end of input that
// closes it. The syntax error at the first token the grammar does not accept there
// (the walker of expected_tokens.h is exact); nullopt if the whole statement is
// accepted, unless `offending` (ANTLR's own failing token) is given, which is then
// blamed. (An unclosed quote or comment is thrown: check_unrecognized.)
std::optional<Error> syntax_error_in(const std::vector<antlr4::Token*>& tokens, const antlr4::Token* offending);

}  // namespace connql::detail
