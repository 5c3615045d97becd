// Fuzzes text -> AST -> config -> statement -> config. Any input may be rejected
// with a connql::Error; anything else (a crash, a sanitizer report, another
// exception, or a broken property below) is a bug.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ConnQLLexer.h"
#include "compiler/compiler.h"
#include "compiler/decompile.h"
#include "parser/fast_lexer.h"
#include "parser/parser.h"

namespace {

[[noreturn]] void broken(const std::string& what, const std::string& input) {
    std::cerr << "property broken: " << what << "\ninput: [" << input << "]\n";
    std::abort();
}

// The hand-written lexer must produce the generated lexer's tokens.
void check_lexers_agree(const std::string& text) {
    antlr4::ANTLRInputStream input(text);
    ConnQLLexer reference(&input);
    reference.removeErrorListeners();
    connql::detail::FastLexer fast(text);
    while (true) {
        std::unique_ptr<antlr4::Token> expected = reference.nextToken();
        if (expected->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
        std::unique_ptr<antlr4::Token> actual = fast.nextToken();
        if (expected->getType() != actual->getType() || expected->getText() != actual->getText() ||
            expected->getLine() != actual->getLine() ||
            expected->getCharPositionInLine() != actual->getCharPositionInLine()) {
            broken("lexers disagree at '" + expected->getText() + "' / '" + actual->getText() + "'", text);
        }
        if (expected->getType() == antlr4::Token::EOF) return;
    }
}

void check_round_trip(const connql::CompiledConnector& compiled, const std::string& input) {
    connql::Decompiled statement = connql::decompile(compiled.name, compiled.kind, compiled.config);
    connql::ParseState state;
    auto parsed = connql::parse_statement(statement.statement, state);
    const auto& create = std::get<connql::ast::CreateConnector>(parsed.node);
    if (connql::compile_create(create, {}).config != compiled.config) broken("decompile round trip", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    connql::ParseState state;
    std::vector<connql::ast::Statement> statements;
    try {
        statements = connql::parse_script(text, state);
    } catch (const connql::Error& error) {
        if (error.diagnostic().message.find("UTF-8") != std::string::npos) return 0;  // ANTLR's stream would throw
        if (error.diagnostic().pos.line < 1) broken("an error without a position", text);
    }
    check_lexers_agree(text);

    connql::Config live;
    live.set("connector.class", "X");
    for (const connql::ast::Statement& statement : statements) {
        try {
            if (const auto* create = std::get_if<connql::ast::CreateConnector>(&statement.node)) {
                connql::CompileContext context;
                context.schema_registry_url = "http://sr";
                check_round_trip(connql::compile_create(*create, context), text);
            } else if (const auto* alter = std::get_if<connql::ast::AlterConnector>(&statement.node)) {
                if (connql::alter_changes_config(alter->action)) live = connql::compile_alter(live, *alter, {});
            }
        } catch (const connql::Error&) {
            // rejected with a clear error: fine
        }
    }
    return 0;
}
