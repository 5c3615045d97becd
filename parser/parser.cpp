#include "parser/parser.h"

#include <algorithm>
#include <memory>

#include "ConnQLLexer.h"
#include "ConnQLParser.h"
#include "parser/ast_builder.h"
#include "parser/fast_lexer.h"
#include "parser/syntax_errors.h"

namespace connql {

namespace {

// ANTLR's input stream throws a bare std::range_error on invalid UTF-8; find the
// bad byte first so the user is told where it is. A NUL byte is refused too: it
// means a binary file, whatever else is in it.
void check_is_text(std::string_view text) {
    Position pos{1, 1};
    // Up to the first NUL byte (found by a fast memchr), each character is checked.
    const size_t nul = std::min(text.find('\0'), text.size());
    for (size_t i = 0; i < nul;) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = length != 0 && i + length <= text.size();
        for (size_t k = 1; valid && k < length; ++k) {
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        }
        if (valid && length > 1) {  // overlong forms, surrogates and values past U+10FFFF
            uint32_t cp = c & (0xFF >> (length + 1));
            for (size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            static const uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
            valid = cp >= minimum[length] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (!valid) {
            throw Error(ErrorKind::Syntax, "the input is not valid UTF-8", pos,
                        "save the file as UTF-8");
        }
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else {
            ++pos.column;
        }
        i += length;
    }
    if (nul < text.size()) {  // text never holds one; in a string it would reach Connect unseen
        throw Error(ErrorKind::Syntax,
                    "the input looks binary: a NUL byte at line " + std::to_string(pos.line) + ", column " +
                        std::to_string(pos.column),
                    pos, "connql reads statements as UTF-8 text");
    }
}

using antlr4::atn::PredictionMode;

// ANTLR's BailErrorStrategy throws an exception, catches it, and throws another
// nested in a third: three unwinds per failed statement. Failing fast needs one.
// Nothing reads the contexts' `exception`: a failed statement is parsed again.
// Nor is anything reported: an SLL failure is not yet a syntax error (the walker,
// then LL, decide), so the listener must not hear of it.
class QuickBailStrategy : public antlr4::DefaultErrorStrategy {
public:
    void reportError(antlr4::Parser*, const antlr4::RecognitionException&) override {}
    void recover(antlr4::Parser*, std::exception_ptr) override { throw antlr4::ParseCancellationException(); }
    antlr4::Token* recoverInline(antlr4::Parser*) override { throw antlr4::ParseCancellationException(); }
    void sync(antlr4::Parser*) override {}
};

// Parses statement after statement with the fast SLL strategy; a statement that
// fails is checked by the grammar walker, which throws the user-facing syntax
// error, or else parsed again with full LL (SLL was too weak for it).
class StatementParser {
public:
    StatementParser(std::string_view text, bool check_first)
        : check_first_(check_first), lexer_(text), tokens_(&lexer_), parser_(&tokens_) {
        parser_.removeErrorListeners();
        parser_.addErrorListener(&listener_);
        fast();
    }

    // Returns nullptr at the end of input, or with `error` set at a syntax error; an
    // empty statement (";") yields an empty context.
    ConnQLParser::StatementOrEndContext* next(std::optional<Error>& error) {
        parser_.getTreeTracker().reset();  // the previous statement's tree is no longer needed
        tokens_.LT(1);  // sets the stream up: index() is undefined before that
        size_t start = tokens_.index();
        if (check_first_ && tokens_.LA(1) != antlr4::Token::EOF && tokens_.LA(1) != ConnQLLexer::SEMI) {
            error = detail::syntax_error_in(detail::statement_tokens_from(tokens_, start), nullptr);
            if (error) return nullptr;
        }
        ConnQLParser::StatementOrEndContext* ctx = nullptr;
        try {
            ctx = parser_.statementOrEnd();
        } catch (const antlr4::ParseCancellationException&) {
            // The walker is exact and cheaper than ANTLR's error path (which throws
            // through every rule frame): a statement it rejects gets its error at once.
            // One it accepts was only too hard for SLL, and is parsed again with LL.
            if (!check_first_) {  // else the walker accepted it already
                error = detail::syntax_error_in(detail::statement_tokens_from(tokens_, start), nullptr);
                if (error) return nullptr;
            }
            tokens_.seek(start);
            careful();
            ctx = parser_.statementOrEnd();
            fast();
        }
        if (dynamic_cast<ConnQLParser::EndOfInputContext*>(ctx) != nullptr) return nullptr;
        return ctx;
    }

private:
    void fast() {
        parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(PredictionMode::SLL);
        parser_.setErrorHandler(bail_);
    }
    void careful() {
        parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(PredictionMode::LL);
        parser_.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    }

    bool check_first_;
    detail::FastLexer lexer_;
    antlr4::CommonTokenStream tokens_;
    ConnQLParser parser_;
    detail::ThrowingErrorListener listener_;
    std::shared_ptr<QuickBailStrategy> bail_ = std::make_shared<QuickBailStrategy>();
};

}  // namespace

std::variant<std::vector<ast::Statement>, Error> parse_script_or_error(std::string_view text, ParseState& state,
                                                                       SyntaxCheck check) {
    try {
        check_is_text(text);
        // The caller's state changes only if the whole script is accepted.
        ParseState working = state;
        StatementParser parser(text, check == SyntaxCheck::WalkFirst);
        detail::AstBuilder builder(working, text);
        std::vector<ast::Statement> statements;
        std::optional<Error> error;
        while (ConnQLParser::StatementOrEndContext* ctx = parser.next(error)) {
            if (auto* one = dynamic_cast<ConnQLParser::OneStatementContext*>(ctx)) {
                statements.push_back(builder.build(one->statement()));
            }
        }
        if (error) return std::move(*error);
        state = std::move(working);
        return statements;
    } catch (Error& error) {
        return std::move(error);
    }
}

std::vector<ast::Statement> parse_script(std::string_view text, ParseState& state) {
    std::variant<std::vector<ast::Statement>, Error> parsed = parse_script_or_error(text, state);
    if (Error* error = std::get_if<Error>(&parsed)) throw std::move(*error);
    return std::move(std::get<std::vector<ast::Statement>>(parsed));
}

ast::Statement parse_statement(std::string_view text, ParseState& state) {
    std::vector<ast::Statement> statements = parse_script(text, state);
    if (statements.size() != 1) {
        throw Error(ErrorKind::Syntax,
                    "expected exactly one statement, found " + std::to_string(statements.size()), {1, 1});
    }
    return std::move(statements.front());
}

bool ends_statement(std::string_view text) {
    detail::FastLexer lexer(text);
    size_t last = antlr4::Token::EOF;
    while (true) {
        std::unique_ptr<antlr4::Token> token = lexer.nextToken();
        if (token->getType() == antlr4::Token::EOF) break;
        last = token->getType();
        std::string t = token->getText();
        if (last == ConnQLLexer::UNRECOGNIZED && (t == "'" || t == "\"" || t == "`")) return false;  // still open
    }
    return last == ConnQLLexer::SEMI;
}

const char* dialect_name(Dialect dialect) { return dialect == Dialect::Ksqldb ? "ksqldb" : "connql"; }

bool parse_dialect(std::string_view text, Dialect& out) {
    if (text == "connql") {
        out = Dialect::Connql;
    } else if (text == "ksqldb") {
        out = Dialect::Ksqldb;
    } else {
        return false;
    }
    return true;
}

}  // namespace connql
