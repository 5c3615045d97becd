// Shared helpers for the tests: parse or compile a snippet, and check an error's
// kind, message and position in one line.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compiler/aliases.h"
#include "compiler/compiler.h"
#include "parser/parser.h"

namespace connql::testing {

inline ast::Statement parse_one(const std::string& text, Dialect dialect = Dialect::Connql) {
    ParseState state;
    state.dialect = state.default_dialect = dialect;
    return parse_statement(text, state);
}

template <typename T>
T parse_as(const std::string& text, Dialect dialect = Dialect::Connql) {
    ast::Statement statement = parse_one(text, dialect);
    const T* node = std::get_if<T>(&statement.node);
    if (node == nullptr) throw std::runtime_error("statement parsed to another kind: " + text);
    return *node;
}

inline CompiledConnector compile(const std::string& text, Dialect dialect = Dialect::Connql,
                                 CompileContext context = {}) {
    context.dialect = dialect;
    return compile_create(parse_as<ast::CreateConnector>(text, dialect), context);
}

inline std::string value_of(const Config& config, const std::string& key) {
    const std::string* value = config.find(key);
    return value ? *value : "<unset>";
}

// Runs `action`, which must throw connql::Error; returns its diagnostic.
template <typename F>
Diagnostic error_of(F&& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.diagnostic();
    }
    ADD_FAILURE() << "expected a connql::Error";
    return {};
}

// The error of `text`, which must not parse. The server's mode, which walks each
// statement before ANTLR parses it (SyntaxCheck::WalkFirst), must give the same one.
inline Diagnostic parse_error(const std::string& text, Dialect dialect = Dialect::Connql) {
    Diagnostic d = error_of([&] {
        ParseState state;
        state.dialect = dialect;
        parse_script(text, state);
    });
    ParseState state;
    state.dialect = dialect;
    auto walked = parse_script_or_error(text, state, SyntaxCheck::WalkFirst);
    if (const Error* error = std::get_if<Error>(&walked)) {
        EXPECT_EQ(error->diagnostic().message, d.message) << text;
        EXPECT_EQ(error->diagnostic().pos.line, d.pos.line) << text;
        EXPECT_EQ(error->diagnostic().pos.column, d.pos.column) << text;
        EXPECT_EQ(error->diagnostic().hint, d.hint) << text;
    } else {
        ADD_FAILURE() << "WalkFirst accepted what ANTLR rejects: " << text;
    }
    return d;
}

inline Diagnostic compile_error(const std::string& text, CompileContext context = {}) {
    return error_of([&] { compile_create(parse_as<ast::CreateConnector>(text), context); });
}

#define EXPECT_DIAGNOSTIC(diagnostic, expected_kind, fragment, line_, column_)               \
    do {                                                                                     \
        const ::connql::Diagnostic& d_ = (diagnostic);                                       \
        EXPECT_EQ(d_.kind, expected_kind);                                                   \
        EXPECT_NE(d_.message.find(fragment), std::string::npos) << "message: " << d_.message; \
        EXPECT_EQ(d_.pos.line, line_) << d_.message;                                         \
        EXPECT_EQ(d_.pos.column, column_) << d_.message;                                     \
    } while (0)

}  // namespace connql::testing
