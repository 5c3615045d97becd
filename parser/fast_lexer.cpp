#include "parser/fast_lexer.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

#include "ConnQLLexer.h"
#include "parser/vocabulary.h"

namespace connql::detail {

namespace {

using L = ConnQLLexer;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_letter(c) || is_digit(c) || c == '_' || c == '@'; }
bool is_space(char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f'; }

// Keyword spellings and token types, read from the generated lexer's vocabulary
// so that a keyword added to the grammar needs no change here.
const std::unordered_map<std::string, size_t>& keyword_types() {
    static const std::unordered_map<std::string, size_t> keywords = [] {
        std::unordered_map<std::string, size_t> out;
        for (size_t type = L::ADD; type <= L::WITH; ++type) out.emplace(keyword_spelling(type), type);
        return out;
    }();
    return keywords;
}

size_t keyword_or_identifier(std::string_view word) {
    if (word.size() > 12) return L::IDENTIFIER;  // longer than any keyword
    char upper[16];
    for (size_t i = 0; i < word.size(); ++i) {
        char c = word[i];
        if (!is_letter(c) && c != '_') return L::IDENTIFIER;
        upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const auto& keywords = keyword_types();
    auto it = keywords.find(std::string(upper, word.size()));
    return it == keywords.end() ? static_cast<size_t>(L::IDENTIFIER) : it->second;
}

// Length in bytes of the UTF-8 sequence starting with `lead` (the parser validates its
// input first; completion does not, so the caller clamps).
size_t utf8_length(unsigned char lead) {
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
}

}  // namespace

FastLexer::FastLexer(std::string_view text) : text_(text) {
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) position_ = 3;
}

void FastLexer::advance_to(size_t end) {
    for (size_t i = position_; i < end; ++i) {
        char c = text_[i];
        if (c == '\n') {
            ++line_;
            column_ = 0;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column_;
        }
    }
    position_ = end;
}

size_t FastLexer::skip_trivia() {
    while (position_ < text_.size()) {
        size_t end = position_;
        char c = text_[end];
        if (is_space(c)) {
            while (end < text_.size() && is_space(text_[end])) ++end;
        } else if (c == '-' && at(end + 1) == '-') {
            while (end < text_.size() && text_[end] != '\r' && text_[end] != '\n') ++end;
        } else if (c == '/' && at(end + 1) == '*') {
            size_t close = text_.find("*/", end + 2);
            if (close == std::string_view::npos) break;  // not a comment: '/' is unrecognized
            end = close + 2;
        } else {
            break;
        }
        advance_to(end);
    }
    return position_;
}

size_t FastLexer::variable_ref_end(size_t start) const {
    if (at(start) != '$' || at(start + 1) != '{' || !(is_letter(at(start + 2)) || at(start + 2) == '_')) return 0;
    size_t i = start + 3;
    while (i < text_.size() && is_name_char(text_[i])) ++i;
    return at(i) == '}' ? i + 1 : 0;
}

// TEMPLATE_NAME as a small automaton: an optional plain prefix (a name character
// first, '.'/'-' only between name characters or just before a ${...}), then, from
// the first ${name} on, name characters and references with single separators
// between them. Only a position right after a reference or a name character
// following one accepts.
size_t FastLexer::template_name_end(size_t start) const {
    const size_t n = text_.size();
    size_t i = start;
    if (is_letter(at(i)) || is_digit(at(i)) || at(i) == '_') {
        ++i;
        while (true) {
            while (i < n && is_name_char(text_[i])) ++i;
            if ((at(i) == '.' || at(i) == '-') && (is_name_char(at(i + 1)) || at(i + 1) == '$')) {
                ++i;
                continue;
            }
            break;
        }
    }
    size_t accepted = 0;
    while (true) {
        if (size_t ref = variable_ref_end(i)) {
            i = accepted = ref;
        } else if (accepted != 0 && is_name_char(at(i))) {
            while (i < n && is_name_char(text_[i])) ++i;
            accepted = i;
        } else if (accepted == i && accepted != 0 && (at(i) == '.' || at(i) == '-') &&
                   (is_name_char(at(i + 1)) || variable_ref_end(i + 1) != 0)) {
            ++i;  // a separator, and what follows it is taken on the next round
        } else {
            return accepted;
        }
    }
}

// A TEMPLATE_NAME can go on past a word only where a '$' follows it, directly or
// after a separator: checking that first keeps the common case to two compares.
// Past a number (1a.b${x}) or a variable (${x}-pg) only the full scan can tell.
bool FastLexer::may_be_template(size_t start, size_t end) const {
    char first = text_[start];
    char next = at(end);
    return first == '$' || is_digit(first) || next == '$' || ((next == '.' || next == '-') && at(end + 1) == '$');
}

std::pair<size_t, size_t> FastLexer::scan(size_t start) const {
    const size_t n = text_.size();
    char c = text_[start];
    size_t end = start + 1;

    if (is_letter(c) || c == '_') {
        while (end < n && is_name_char(text_[end])) ++end;
        size_t word_end = end;
        // DOTTED_NAME: ([.-] namechar+)+, each separator only if a name character follows.
        while (end + 1 < n && (text_[end] == '.' || text_[end] == '-') && is_name_char(text_[end + 1])) {
            end += 2;
            while (end < n && is_name_char(text_[end])) ++end;
        }
        if (end != word_end) return {L::DOTTED_NAME, end};
        return {keyword_or_identifier(text_.substr(start, end - start)), end};
    }

    if (is_digit(c) || (c == '.' && is_digit(at(start + 1)))) {
        // The longest of INTEGER / DECIMAL / FLOATING_POINT and DIGIT_IDENTIFIER; on
        // a tie the number wins (its rules come first in the grammar).
        size_t number = start;
        size_t type = L::INTEGER_VALUE;
        while (number < n && is_digit(text_[number])) ++number;
        if (number < n && text_[number] == '.') {
            ++number;
            type = L::DECIMAL_VALUE;
            while (number < n && is_digit(text_[number])) ++number;
        }
        size_t exponent = number;
        if (exponent < n && (text_[exponent] == 'e' || text_[exponent] == 'E')) {
            ++exponent;
            if (exponent < n && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
            if (exponent < n && is_digit(text_[exponent])) {
                while (exponent < n && is_digit(text_[exponent])) ++exponent;
                number = exponent;
                type = L::FLOATING_POINT_VALUE;
            }
        }
        size_t identifier = start;
        if (is_digit(c)) {
            ++identifier;
            while (identifier < n && is_name_char(text_[identifier])) ++identifier;
            if (identifier - start < 2) identifier = start;  // needs a digit and one more
        }
        if (identifier > number) return {L::DIGIT_IDENTIFIER, identifier};
        return {type, number};
    }

    switch (c) {
        case ';': return {L::SEMI, end};
        case ',': return {L::COMMA, end};
        case '(': return {L::LPAREN, end};
        case ')': return {L::RPAREN, end};
        case '=': return {L::EQ, end};
        case '-': return {L::MINUS, end};
        case '\'':
        case '"':
        case '`': {
            // The longest prefix that is a closed literal, as ANTLR's maximal munch
            // takes it: each quote could close it, and a doubled one may also go on.
            // With none, the quote is a lone unrecognized character.
            size_t accepted = 0;
            for (size_t i = end; i < n; ++i) {
                if (text_[i] != c) continue;
                accepted = i + 1;
                if (i + 1 < n && text_[i + 1] == c) {
                    ++i;
                    continue;
                }
                break;
            }
            if (accepted == 0) return {L::UNRECOGNIZED, end};
            size_t type = c == '\'' ? L::STRING : c == '"' ? L::QUOTED_IDENTIFIER : L::BACKQUOTED_IDENTIFIER;
            return {type, accepted};
        }
        case '$':
            if (size_t ref = variable_ref_end(start)) return {L::VARIABLE, ref};
            return {L::UNRECOGNIZED, end};
        default:
            // Clamped: completion lexes unchecked text, where a sequence may be cut short.
            return {L::UNRECOGNIZED, std::min(n, start + utf8_length(static_cast<unsigned char>(c)))};
    }
}

FastLexer::Span FastLexer::next_span() {
    const Span span = token_at_position();
    advance_to(span.end);
    return span;
}

FastLexer::Span FastLexer::token_at_position() {
    size_t start = skip_trivia();
    if (start >= text_.size()) return {antlr4::Token::EOF, start, start};
    auto [type, end] = scan(start);
    if (may_be_template(start, end)) {
        size_t template_end = template_name_end(start);
        if (template_end > end) {  // on a tie VARIABLE, listed first, wins
            type = L::TEMPLATE_NAME;
            end = template_end;
        }
    }
    return {type, start, end};
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
    const Span span = token_at_position();  // the position is the token's start now
    if (span.type == antlr4::Token::EOF) {
        auto eof = std::make_unique<antlr4::CommonToken>(std::make_pair(this, nullptr), antlr4::Token::EOF,
                                                         antlr4::Token::DEFAULT_CHANNEL, span.start, span.start - 1);
        eof->setText("<EOF>");
        eof->setLine(line_);
        eof->setCharPositionInLine(column_);
        return eof;
    }
    auto token = std::make_unique<antlr4::CommonToken>(std::make_pair(this, nullptr), span.type,
                                                       antlr4::Token::DEFAULT_CHANNEL, span.start, span.end - 1);
    token->setText(std::string(text_.substr(span.start, span.end - span.start)));
    token->setLine(line_);
    token->setCharPositionInLine(column_);
    advance_to(span.end);
    return token;
}

}  // namespace connql::detail
