#include "parser/completion.h"

#include <optional>

#include "ConnQLParser.h"
#include "parser/expected_tokens.h"
#include "parser/fast_lexer.h"
#include "parser/vocabulary.h"

namespace connql {

namespace {

using P = ConnQLParser;
using Slot = ExpectedAtCursor::Slot;
using detail::RuleFrame;

struct Lexed {
    size_t type;
    size_t begin;  // byte offsets
    size_t end;
};

std::vector<Lexed> lex(std::string_view text) {
    detail::FastLexer lexer(text);
    std::vector<Lexed> out;
    while (true) {
        std::unique_ptr<antlr4::Token> token = lexer.nextToken();
        if (token->getType() == antlr4::Token::EOF) return out;
        out.push_back({token->getType(), token->getStartIndex(), token->getStopIndex() + 1});
    }
}

// The token types of the statement `tokens` end in: those after the last ';'.
std::vector<size_t> statement_types(const std::vector<Lexed>& tokens) {
    size_t first = tokens.size();
    while (first > 0 && tokens[first - 1].type != P::SEMI) --first;
    std::vector<size_t> types;
    types.reserve(tokens.size() - first);
    for (size_t i = first; i < tokens.size(); ++i) types.push_back(tokens[i].type);
    return types;
}

// A quote or "/*" that is never closed before the cursor: the lexer made it an
// unrecognized character, and all that follows it is inside the literal or comment.
struct Opener {
    size_t index;  // of its token
    size_t begin;  // byte offset
    char kind;     // the quote character, or '*' for a comment
};

std::optional<Opener> first_opener(std::string_view prefix, const std::vector<Lexed>& tokens) {
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].type != P::UNRECOGNIZED) continue;
        char c = prefix[tokens[i].begin];
        if (c == '\'' || c == '"' || c == '`') return Opener{i, tokens[i].begin, c};
        if (c == '/' && i + 1 < tokens.size() && tokens[i + 1].type == P::UNRECOGNIZED &&
            tokens[i + 1].begin == tokens[i].begin + 1 && prefix[tokens[i + 1].begin] == '*') {
            return Opener{i, tokens[i].begin, '*'};
        }
    }
    return std::nullopt;
}

// True when the cursor (the end of `prefix`) is in a "--" comment: what follows
// the last token is only whitespace and comments, and the last is still open.
bool ends_in_line_comment(std::string_view prefix, size_t from) {
    for (size_t i = from; i < prefix.size(); ++i) {
        if (prefix.compare(i, 2, "--") == 0) {
            size_t newline = prefix.find('\n', i);
            if (newline == std::string_view::npos) return true;
            i = newline;
        } else if (prefix.compare(i, 2, "/*") == 0) {
            size_t close = prefix.find("*/", i + 2);
            if (close == std::string_view::npos) return false;  // not a comment: it would have been tokens
            i = close + 1;
        }
    }
    return false;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '@' ||
           c == '.' || c == '-' || c == '$' || c == '{' || c == '}';
}

// Where a reference still open at the end of `text` begins (just after its "${"),
// scanning as unquote does: "$${" is a literal, not a reference.
std::optional<size_t> open_reference(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "$${") == 0) {
            i += 3;
        } else if (text.compare(i, 2, "${") == 0) {
            size_t close = text.find('}', i + 2);
            if (close == std::string_view::npos) return i + 2;
            i = close + 1;
        } else {
            ++i;
        }
    }
    return std::nullopt;
}

// The start of a variable's name: empty, or a letter or '_' then name characters
// (not a provider reference such as "file:").
bool is_variable_prefix(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        bool digit = (c >= '0' && c <= '9') || c == '@';
        if (!letter && !(digit && i > 0)) return false;
    }
    return true;
}

// ---------------------------------------------------------------- slots

// `rules[i]` called propertyKey: connector config keys are those of CREATE's WITH
// and ALTER's SET/UNSET, not a transform's or predicate's own.
Slot key_slot(const std::vector<RuleFrame>& rules, size_t i, const std::vector<size_t>& types) {
    if (i >= rules.size()) return Slot::None;
    if (rules[i].rule == P::RuleAlterAction) return Slot::ConfigKey;  // UNSET (key, ...)
    if (rules[i].rule != P::RuleProperty || i + 2 >= rules.size() || rules[i + 1].rule != P::RuleProperties) {
        return Slot::None;
    }
    const RuleFrame& owner = rules[i + 2];
    if (owner.rule == P::RuleAlterAction) return Slot::ConfigKey;
    bool create_with = owner.rule == P::RuleCreateClause && owner.start < types.size() && types[owner.start] == P::WITH;
    return create_with ? Slot::ConfigKey : Slot::None;
}

// A name or string directly in `statement`: the keyword before it tells which.
Slot statement_slot(const std::vector<size_t>& types, bool string) {
    switch (types.empty() ? 0 : types.back()) {
        case P::PRINT: return Slot::TopicName;
        case P::CLUSTER: return Slot::ClusterName;
        case P::PLUGIN: return Slot::PluginClass;
        case P::SET:
        case P::UNSET: return string ? Slot::SessionProperty : Slot::None;
        // The statements' other names (DROP, PAUSE, DESCRIBE, SHOW CONNECTOR OFFSETS ...) are connectors;
        // their other strings (DEFINE's value, RUN SCRIPT's file) are the user's own.
        default: return string ? Slot::None : Slot::ConnectorName;
    }
}

// `rules[i]` called the name rule.
Slot name_slot(const std::vector<RuleFrame>& rules, size_t i, const std::vector<size_t>& types) {
    if (i >= rules.size()) return Slot::None;
    switch (rules[i].rule) {
        case P::RuleCreateConnector:
        case P::RuleAlterConnector: return Slot::ConnectorName;
        case P::RuleStatement: return statement_slot(types, false);
        case P::RulePropertyKey: return key_slot(rules, i + 1, types);
        default: return Slot::None;  // transform and predicate aliases are the user's to invent
    }
}

// `rules[i]` expects a string.
Slot string_slot(const std::vector<RuleFrame>& rules, size_t i, const std::vector<size_t>& types) {
    const RuleFrame& frame = rules[i];
    switch (frame.rule) {
        case P::RuleCreateClause: {  // USING 'class' or PREDICATE p USING 'type'
            size_t first = frame.start < types.size() ? types[frame.start] : 0;
            return first == P::USING ? Slot::PluginClass : first == P::PREDICATE ? Slot::PredicateType : Slot::None;
        }
        case P::RuleTransformClause: return Slot::TransformType;
        case P::RulePropertyKey: return key_slot(rules, i + 1, types);
        case P::RuleErrorAction: return Slot::TopicName;  // SEND TO DEAD LETTER TOPIC 'name'
        case P::RuleStatement: return statement_slot(types, true);
        default: return Slot::None;
    }
}

// The slot of a site where a name (or a bare word) is expected; nullopt if it expects none.
std::optional<Slot> name_site_slot(const detail::ExpectedSite& site, const std::vector<size_t>& types) {
    const std::vector<RuleFrame>& rules = site.rules;
    size_t i = rules.front().rule == P::RuleNonReserved && rules.size() > 1 ? 1 : 0;  // a keyword as a name
    switch (rules[i].rule) {
        case P::RuleVariableName: return Slot::VariableName;
        case P::RuleName: return name_slot(rules, i + 1, types);
        case P::RuleFormatSpec:
            if (site.tokens.test(P::IDENTIFIER)) return Slot::FormatName;
            return std::nullopt;
        default: return std::nullopt;
    }
}

// Where a prefix reads more than one way, the sites of the reading the parser
// prefers come first: the first site that expects a name (or a string) decides,
// even when it has no slot (a transform's own WITH keys are not config keys).
Slot slot_of(const detail::Expected& expected, const std::vector<size_t>& types, bool names, bool strings) {
    std::optional<Slot> for_name, for_string;
    for (const detail::ExpectedSite& site : expected.sites) {
        if (names && !for_name) for_name = name_site_slot(site, types);
        if (strings && !for_string && site.tokens.test(P::STRING)) for_string = string_slot(site.rules, 0, types);
    }
    if (for_name && *for_name != Slot::None) return *for_name;
    return for_string.value_or(Slot::None);
}

// ---------------------------------------------------------------- the answer

void describe(const detail::Expected& expected, const std::vector<size_t>& types, ExpectedAtCursor& out) {
    detail::ExpectedKinds kinds = detail::classify(expected);
    for (size_t type : kinds.keywords) out.keywords.push_back(detail::keyword_spelling(type));
    out.name = kinds.name || kinds.variable_name || kinds.format_name;
    out.string = kinds.others.test(P::STRING);
    out.number = kinds.others.test(P::INTEGER_VALUE) || kinds.others.test(P::DECIMAL_VALUE) ||
                 kinds.others.test(P::FLOATING_POINT_VALUE);
    out.variable = kinds.others.test(P::VARIABLE) || kinds.name;
    for (auto [type, text] : {std::pair<size_t, const char*>{P::LPAREN, "("}, {P::RPAREN, ")"}, {P::COMMA, ","},
                              {P::EQ, "="}, {P::MINUS, "-"}}) {
        if (kinds.others.test(type)) out.punctuation.push_back(text);
    }
    if (kinds.can_end) out.punctuation.push_back(";");
    out.slot = slot_of(expected, types, true, true);
}

// The cursor is inside a quoted literal that opens at `opener` and is not closed.
ExpectedAtCursor inside_literal(std::string_view prefix, std::vector<Lexed> tokens, Opener opener) {
    // 'it''s: maximal munch took 'it' as a whole string and left 's open, but the
    // literal being typed began at the first quote.
    while (opener.index > 0 && tokens[opener.index - 1].end == opener.begin &&
           prefix[tokens[opener.index - 1].begin] == opener.kind) {
        --opener.index;
        opener.begin = tokens[opener.index].begin;
    }
    tokens.resize(opener.index);
    std::vector<size_t> types = statement_types(tokens);
    detail::Expected expected = detail::expected_after(types);

    ExpectedAtCursor out;
    out.partial = std::string(prefix.substr(opener.begin));
    if (expected.accepted < types.size()) return out;
    bool string = opener.kind == '\'';
    detail::ExpectedKinds kinds = detail::classify(expected);
    if (string ? !kinds.others.test(P::STRING) : !kinds.name) return out;

    std::string_view body = prefix.substr(opener.begin + 1);
    if (std::optional<size_t> reference = open_reference(body)) {
        std::string_view variable = body.substr(*reference);
        if (is_variable_prefix(variable)) {
            out.variable = true;
            out.slot = Slot::VariableName;
            out.partial = std::string(variable);
        }
        return out;
    }
    out.string = string;
    out.name = !string;
    out.slot = slot_of(expected, types, !string, string);
    return out;
}

}  // namespace

ExpectedAtCursor expected_at(std::string_view text, size_t cursor) {
    std::string_view prefix = text.substr(0, std::min(cursor, text.size()));
    std::vector<Lexed> tokens = lex(prefix);
    if (std::optional<Opener> opener = first_opener(prefix, tokens)) {
        if (opener->kind == '*') return {};  // inside a comment
        return inside_literal(prefix, std::move(tokens), *opener);
    }
    if (ends_in_line_comment(prefix, tokens.empty() ? 0 : tokens.back().end)) return {};

    size_t word_start = prefix.size();
    while (word_start > 0 && is_word_char(prefix[word_start - 1])) --word_start;
    std::string_view word = prefix.substr(word_start);
    if (!word.empty()) tokens = lex(prefix.substr(0, word_start));  // what comes before the word
    std::vector<size_t> types = statement_types(tokens);
    detail::Expected expected = detail::expected_after(types);

    ExpectedAtCursor out;
    out.partial = std::string(word);
    if (expected.accepted < types.size()) return out;  // already wrong: nothing to offer
    if (std::optional<size_t> reference = open_reference(word)) {
        // pg-${en: a variable inside a name (or a value), if one may stand here.
        detail::ExpectedKinds kinds = detail::classify(expected);
        std::string_view variable = word.substr(*reference);
        if ((kinds.name || kinds.others.test(P::VARIABLE)) && is_variable_prefix(variable)) {
            out.variable = true;
            out.slot = Slot::VariableName;
            out.partial = std::string(variable);
        }
        return out;
    }
    describe(expected, types, out);
    return out;
}

const std::vector<std::string>& keywords() { return detail::keyword_spellings(); }

}  // namespace connql
