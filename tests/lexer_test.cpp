// The hand-written lexer (parser/fast_lexer.cpp) against the lexer ANTLR generates
// from grammar/ConnQL.g4: the same tokens (type, text, line, column) for every input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ConnQLLexer.h"
#include "parser/fast_lexer.h"

namespace connql::testing {
namespace {

struct Lexeme {
    size_t type;
    std::string text;
    size_t line;
    size_t column;
    bool operator==(const Lexeme& other) const {
        return type == other.type && text == other.text && line == other.line && column == other.column;
    }
};

std::ostream& operator<<(std::ostream& out, const Lexeme& l) {
    return out << "{" << l.type << " '" << l.text << "' " << l.line << ":" << l.column << "}";
}

std::vector<Lexeme> reference_tokens(const std::string& text) {
    antlr4::ANTLRInputStream input(text);
    ConnQLLexer lexer(&input);
    lexer.removeErrorListeners();
    std::vector<Lexeme> out;
    while (true) {
        std::unique_ptr<antlr4::Token> token = lexer.nextToken();
        if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
            out.push_back({token->getType(), token->getText(), token->getLine(), token->getCharPositionInLine()});
        }
        if (token->getType() == antlr4::Token::EOF) break;
    }
    return out;
}

std::vector<Lexeme> fast_tokens(const std::string& text) {
    detail::FastLexer lexer(text);
    std::vector<Lexeme> out;
    while (true) {
        std::unique_ptr<antlr4::Token> token = lexer.nextToken();
        out.push_back({token->getType(), token->getText(), token->getLine(), token->getCharPositionInLine()});
        if (token->getType() == antlr4::Token::EOF) break;
    }
    return out;
}

void expect_same_tokens(const std::string& text) {
    std::vector<Lexeme> expected = reference_tokens(text);
    std::vector<Lexeme> actual = fast_tokens(text);
    auto both = [&] {
        std::ostringstream out;
        out << "input: [" << text << "]\nreference:";
        for (const Lexeme& l : expected) out << " " << l;
        out << "\nfast:     ";
        for (const Lexeme& l : actual) out << " " << l;
        return out.str();
    };
    ASSERT_EQ(actual.size(), expected.size()) << both();
    for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(actual[i], expected[i]) << "token " << i << "\n" << both();
    }
}

TEST(FastLexer, TrickyCases) {
    for (const char* text : {
             "", " ", "CREATE create CrEaTe", "skip SKIP null NULL_ skip_", "a.b a-b a- a. a.b. a--b -a a.-b a@b.c",
             "1 1.5 .5 1. 1.e3 1e5 1E+5 1e 1e+ 1e5x 12ab 12ab.c 1..2 ..5 007 1-2", "'str' 'it''s' '' '''' 'open",
             "\"q\" \"a\"\"b\" \"open", "`b` `a``b` `open", "${a} ${a@b} ${1} ${ ${a $${a} $ $$", "-- c\nx --\n--",
             "/* c */x /**/ /* a */* /* open", "a;b,c(d)e=f", "\t\f\r\nx\r\n y", "\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 a",
             std::string("a\0b", 3).c_str(), "#!%^&*[]{}|\\?<>+", "REPLICATION replication_ TOMBSTONES",
             "CREATE SOURCE CONNECTOR source-debezium-orders-01 WITH (connector.class = 'X', 'tasks.max' = 1);",
             // TEMPLATE_NAME: names around ${...} references, and near misses
             "pg-${env} ${env}-pg a.${x}.b orders_${env} ${a}${b} x${a}y ${a}@b 1-${x} 7ab.c${x} a-b.${c}-d",
             "a-${x a-$${x} a--${x} a-${x}- a-${x}-- ${x}.. ${x}.${y ${x}${ ${x}-${1} $a${x} .${x} -${x}",
             "a- ${x} a${x}.5 1.${x} 1e${x} 1.5${x} ${_}_ ${a@}@ ${x}${y}-${z}.w",
         }) {
        expect_same_tokens(text);
    }
    expect_same_tokens(std::string("a\0b\0", 4));
    expect_same_tokens("\xEF\xBB\xBFSHOW CONNECTORS;\xEF\xBB\xBF");  // a leading byte-order mark is skipped
}

TEST(FastLexer, Examples) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(CONNQL_SOURCE_DIR) + "/examples")) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        expect_same_tokens(text.str());
    }
}

TEST(FastLexer, GeneratedInputs) {
    const std::vector<std::string> fragments = {
        "CREATE", "create", "Source", "WITH", "when", "null", "TRUE", "skip", "a", "_x", "b@c", "orders", "a.b",
        "a-b", "x.", "y-", "-", "--", "--c", "/*", "*/", "/* c */", "1", "12", "1.5", ".5", "1.", "1e5", "1e",
        "1E-3", "7ab", "1e5x", "'", "''", "'s'", "'a''b'", "\"", "\"q\"", "`", "`b`", "${", "${v}", "$${v}", "$",
        "}", "{", ";", ",", "(", ")", "=", ".", "@", "#", " ", "  ", "\n", "\r\n", "\t", "\f", "\xc3\xa9",
        "\xe2\x9c\x93", "\xf0\x9f\x98\x80", std::string(1, '\0'), "REPLICATION", "TOMBSTONE", "e", "E", "+",
        // variables inside names (TEMPLATE_NAME) and the pieces around them
        "${v}", "${v}", "-${v}", ".${v}", "${v}-", "${v}.", "x${v}", "${v}x", "$", "${v", "@"};
    std::mt19937 random(1121);
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        int count = std::uniform_int_distribution<int>(1, 30)(random);
        for (int k = 0; k < count; ++k) {
            text += fragments[std::uniform_int_distribution<size_t>(0, fragments.size() - 1)(random)];
        }
        expect_same_tokens(text);
        if (::testing::Test::HasFatalFailure()) return;
    }
}

}  // namespace
}  // namespace connql::testing
