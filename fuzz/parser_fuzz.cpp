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
#include "parser/completion.h"
#include "parser/fast_lexer.h"
#include "parser/parser.h"

namespace {

[[noreturn]] void broken(const std::string& what, const std::string& input) {
    std::cerr << "property broken: " << what << "\ninput: [" << input << "]\n";
    std::abort();
}

// Strictly valid UTF-8 (no overlong forms or surrogates), as the parser requires.
bool is_utf8(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        uint32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
        for (size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        static const uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < minimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

// The hand-written lexer must produce the generated lexer's tokens (on the text
// the parser accepts to lex: ANTLR's stream mangles or refuses invalid UTF-8).
void check_lexers_agree(const std::string& text) {
    if (!is_utf8(text)) return;
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

// What a diagnostic prints must be safe on a terminal, whatever the input was:
// valid UTF-8, no control byte but line breaks and tabs.
void check_rendered(const connql::Diagnostic& diagnostic, const std::string& input) {
    std::string out = connql::render(diagnostic, {"fuzz", input});
    for (size_t i = 0; i < out.size();) {
        unsigned char c = static_cast<unsigned char>(out[i]);
        size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = length != 0 && i + length <= out.size() && (length > 1 || c >= 0x20 || c == '\n' || c == '\t');
        for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(out[i + k]) & 0xC0) == 0x80;
        if (!valid) broken("a rendered diagnostic that is not terminal-safe text", input);
        i += length;
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

// `connql serve` walks each statement before ANTLR parses it (SyntaxCheck::WalkFirst):
// it must accept what the default parse accepts, and reject the rest with the same error.
void check_walk_first_agrees(const std::string& text, size_t statements) {
    connql::ParseState first, walked;
    auto parsed = connql::parse_script_or_error(text, first, connql::SyntaxCheck::OnFailure);
    auto walk = connql::parse_script_or_error(text, walked, connql::SyntaxCheck::WalkFirst);
    if (parsed.index() != walk.index()) broken("WalkFirst and OnFailure disagree on whether the input parses", text);
    if (const auto* error = std::get_if<connql::Error>(&parsed)) {
        const connql::Diagnostic& a = error->diagnostic();
        const connql::Diagnostic& b = std::get<connql::Error>(walk).diagnostic();
        if (a.message != b.message || a.pos.line != b.pos.line || a.pos.column != b.pos.column || a.hint != b.hint) {
            broken("WalkFirst and OnFailure give different errors: '" + a.message + "' / '" + b.message + "'", text);
        }
    } else if (std::get<0>(walk).size() != statements) {
        broken("WalkFirst and OnFailure give different statements", text);
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    connql::ParseState state;
    std::vector<connql::ast::Statement> statements;
    try {
        statements = connql::parse_script(text, state);
    } catch (const connql::Error& error) {
        check_rendered(error.diagnostic(), text);
        if (error.diagnostic().pos.line < 1) broken("an error without a position", text);
    }
    check_lexers_agree(text);
    check_walk_first_agrees(text, statements.size());
    // Completion takes any text, up to any cursor.
    connql::expected_at(text, size / 2);
    connql::expected_at(text, size);

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
