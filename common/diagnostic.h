// One clear error: where (origin, line, column), what was wrong or expected,
// other places involved (the first of two duplicates), and what to do.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/position.h"

namespace connql {

// Decides the exit code: Usage/Syntax/Compile are the user's input, found before
// anything is sent (2); Runtime is a statement that failed against the cluster (1).
enum class ErrorKind { Usage, Syntax, Compile, Runtime };

// What a caller may do about a Runtime error, decided where the error is raised
// (the REST client knows whether a request left; the engine knows what Connect
// said) so that no caller has to guess from the message text.
struct ErrorFlags {
    bool retriable = false;             // the same statement may succeed if sent again later
    bool may_have_been_applied = false; // the outcome is unknown: it may have changed the cluster
    bool cancelled = false;             // stopped on request (Ctrl-C in the REPL, common/cancel.h)
};

struct Note {
    Position pos;
    std::string message;
};

struct Diagnostic {
    ErrorKind kind = ErrorKind::Compile;
    std::string message;
    Position pos;
    std::vector<Note> notes;
    std::string hint;
    std::string origin;  // the file (or "<stdin>") it is in, once known
    ErrorFlags flags;
    int connect_status = 0;  // the HTTP status Kafka Connect answered with, 0 if none
};

class Error : public std::runtime_error {
public:
    explicit Error(Diagnostic diagnostic)
        : std::runtime_error(diagnostic.message), diagnostic_(std::move(diagnostic)) {}
    Error(ErrorKind kind, std::string message, Position pos = {}, std::string hint = {})
        : Error(Diagnostic{kind, std::move(message), pos, {}, std::move(hint)}) {}

    const Diagnostic& diagnostic() const { return diagnostic_; }
    Diagnostic& diagnostic() { return diagnostic_; }
    ErrorKind kind() const { return diagnostic_.kind; }
    const ErrorFlags& flags() const { return diagnostic_.flags; }

private:
    Diagnostic diagnostic_;
};

// The text a diagnostic points into, so it can be quoted with a caret.
struct Source {
    std::string origin;     // file name, "<stdin>", "<request>"
    std::string_view text;  // the whole input
};

// Renders as
//   orders.sql:3:27: error: unexpected 'WTH'; expected one of: USING, WITH, ...
//       3 | CREATE SOURCE CONNECTOR x WTH ('a' = 'b');
//         |                           ^
//   hint: ...
std::string render(const Diagnostic& diagnostic, const Source& source);

// The line with the given 1-based number, without its line break ("" if out of range).
std::string_view line_at(std::string_view text, int line);

}  // namespace connql
