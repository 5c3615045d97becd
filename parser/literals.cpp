#include "parser/literals.h"

#include <memory>

#include "ConnQLParser.h"
#include "parser/fast_lexer.h"

namespace connql {

namespace {

using P = ConnQLParser;

std::string unquoted(const std::string& token) {
    if (token.size() < 2) return token;
    char quote = token.front();
    std::string out;
    for (size_t i = 1; i + 1 < token.size(); ++i) {
        out += token[i];
        if (token[i] == quote) ++i;  // a doubled quote stands for one
    }
    return out;
}

bool is_literal(size_t type) {
    return type == P::STRING || type == P::INTEGER_VALUE || type == P::DECIMAL_VALUE ||
           type == P::FLOATING_POINT_VALUE || type == P::TRUE || type == P::FALSE || type == P::NULL_ ||
           type == P::VARIABLE;
}

}  // namespace

std::vector<PropertyLiteral> property_literals(std::string_view text) {
    std::vector<PropertyLiteral> out;
    detail::FastLexer lexer(text);
    std::vector<std::unique_ptr<antlr4::Token>> tokens;
    while (true) {
        std::unique_ptr<antlr4::Token> token = lexer.nextToken();
        if (token->getType() == antlr4::Token::EOF) break;
        tokens.push_back(std::move(token));
    }
    for (size_t i = 2; i < tokens.size(); ++i) {
        antlr4::Token* value = tokens[i].get();
        size_t at = i;
        if (value->getType() == P::MINUS && i + 1 < tokens.size()) value = tokens[++at].get();  // -1
        if (tokens[i - 1]->getType() != P::EQ || !is_literal(value->getType())) continue;
        antlr4::Token* key = tokens[i - 2].get();
        // SET 'connql.wait' = 'running': a session property, not a connector's.
        bool session_property = i >= 3 && tokens[i - 3]->getType() == P::SET && key->getType() == P::STRING;
        std::string key_text = key->getText();
        if (key->getType() == P::STRING || key->getType() == P::QUOTED_IDENTIFIER ||
            key->getType() == P::BACKQUOTED_IDENTIFIER) {
            key_text = unquoted(key_text);
        }
        std::string value_text = value->getText();
        bool quoted = value->getType() == P::STRING;
        out.push_back({key_text, quoted ? unquoted(value_text) : value_text, tokens[i]->getStartIndex(),
                       value->getStopIndex() + 1, quoted, session_property});
        i = at;
    }
    return out;
}

}  // namespace connql
