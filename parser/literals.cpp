#include "parser/literals.h"


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
    using Span = detail::FastLexer::Span;
    std::vector<PropertyLiteral> out;
    detail::FastLexer lexer(text);
    std::vector<Span> tokens;
    for (Span span = lexer.next_span(); span.type != antlr4::Token::EOF; span = lexer.next_span()) tokens.push_back(span);
    auto text_of = [&](const Span& span) { return std::string(text.substr(span.start, span.end - span.start)); };
    for (size_t i = 2; i < tokens.size(); ++i) {
        const Span* value = &tokens[i];
        size_t at = i;
        if (value->type == P::MINUS && i + 1 < tokens.size()) value = &tokens[++at];  // -1
        if (tokens[i - 1].type != P::EQ || !is_literal(value->type)) continue;
        const Span& key = tokens[i - 2];
        // SET 'connql.wait' = 'running': a session property, not a connector's.
        bool session_property = i >= 3 && tokens[i - 3].type == P::SET && key.type == P::STRING;
        std::string key_text = text_of(key);
        if (key.type == P::STRING || key.type == P::QUOTED_IDENTIFIER || key.type == P::BACKQUOTED_IDENTIFIER) {
            key_text = unquoted(key_text);
        }
        std::string value_text = text_of(*value);
        bool quoted = value->type == P::STRING;
        out.push_back({key_text, quoted ? unquoted(value_text) : value_text, tokens[i].start, value->end, quoted,
                       session_property});
        i = at;
    }
    return out;
}

}  // namespace connql
