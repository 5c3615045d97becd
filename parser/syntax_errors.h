// Turns ANTLR's syntax errors into connql diagnostics: the offending token,
// what was expected in words a user knows, and a "did you mean" for a misspelt keyword.
#pragma once

#include <antlr4-runtime.h>

#include "common/diagnostic.h"

namespace connql::detail {

class ThrowingErrorListener : public antlr4::BaseErrorListener {
public:
    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                     size_t column, const std::string& message, std::exception_ptr error) override;
};

}  // namespace connql::detail
