#include "parser/syntax_errors.h"

#include <algorithm>
#include <set>

#include "ConnQLLexer.h"
#include "ConnQLParser.h"
#include "common/suggest.h"
#include "common/text.h"

namespace connql::detail {

namespace {

using L = ConnQLLexer;

bool is_name_token(size_t type) {
    return type == L::IDENTIFIER || type == L::DOTTED_NAME || type == L::QUOTED_IDENTIFIER ||
           type == L::BACKQUOTED_IDENTIFIER || type == L::DIGIT_IDENTIFIER || type == L::VARIABLE ||
           type == L::TEMPLATE_NAME;
}

bool is_keyword(size_t type) { return type >= L::ADD && type <= L::WITH; }

std::string keyword_text(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
    std::string name = vocabulary.getSymbolicName(type);
    if (!name.empty() && name.back() == '_') name.pop_back();  // SKIP_, NULL_
    return name;
}

std::string describe(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
    switch (type) {
        case antlr4::Token::EOF: return "end of input";
        case L::STRING: return "a string";
        case L::INTEGER_VALUE: return "a whole number";
        case L::DECIMAL_VALUE:
        case L::FLOATING_POINT_VALUE: return "a number";
        case L::SEMI: return "';'";
        case L::COMMA: return "','";
        case L::LPAREN: return "'('";
        case L::RPAREN: return "')'";
        case L::EQ: return "'='";
        case L::MINUS: return "'-'";
        default: break;
    }
    if (is_name_token(type)) return "a name";
    return keyword_text(vocabulary, type);
}

std::string token_text(antlr4::Token* token) {
    if (token == nullptr || token->getType() == antlr4::Token::EOF) return "end of input";
    std::string text = token->getText();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return "'" + text + "'";
}

// After a complete statement the parser only says "expected ';'", though the
// statement could also have gone on (another clause after CREATE ... name, say).
// The tokens that could have continued it are those that may follow each rule
// on the statement's right spine, from the innermost out, for as long as the
// rule could also have ended there.
std::vector<size_t> continuations(antlr4::Parser& parser) {
    std::vector<size_t> out;
    antlr4::ParserRuleContext* context = parser.getContext();
    if (context == nullptr || context->children.empty()) return out;
    auto* statement = dynamic_cast<antlr4::ParserRuleContext*>(context->children.front());
    std::vector<antlr4::ParserRuleContext*> spine;
    for (auto* node = statement; node != nullptr;) {
        spine.push_back(node);
        antlr4::ParserRuleContext* last = nullptr;
        if (!node->children.empty()) last = dynamic_cast<antlr4::ParserRuleContext*>(node->children.back());
        node = last;
    }
    const antlr4::atn::ATN& atn = parser.getATN();
    for (auto it = spine.rbegin(); it != spine.rend() && *it != statement; ++it) {
        antlr4::atn::ATNState* invoking = atn.states[(*it)->invokingState];
        auto* call = dynamic_cast<antlr4::atn::RuleTransition*>(invoking->transitions.front());
        if (call == nullptr) break;
        antlr4::misc::IntervalSet next = atn.nextTokens(call->followState);
        for (auto type : next.toList()) {
            if (type > 0) out.push_back(static_cast<size_t>(type));  // not EPSILON (-2) or EOF (-1)
        }
        if (!next.contains(antlr4::Token::EPSILON)) break;
    }
    return out;
}

}  // namespace

void ThrowingErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                        size_t line, size_t column, const std::string&,
                                        std::exception_ptr) {
    Position pos{static_cast<int>(line), static_cast<int>(column) + 1};
    const auto& vocabulary = recognizer->getVocabulary();

    if (offending != nullptr && offending->getType() == L::UNRECOGNIZED) {
        std::string text = offending->getText();
        if (text == "'" || text == "\"" || text == "`") {
            throw Error(ErrorKind::Syntax, "unterminated " + std::string(text == "'" ? "string" : "quoted name") +
                                               ": this " + text + " is never closed",
                        pos, "close it with " + text + "; write " + text + text + " for a " + text + " inside it");
        }
        if (text == "$") {
            throw Error(ErrorKind::Syntax, "unexpected '$'", pos,
                        "a variable is written ${name}, in a string, a name or as a value; a literal ${ is written $${ "
                        "inside quotes");
        }
    }

    std::set<std::string> keywords;
    std::set<std::string> others;
    bool name_expected = false;
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
        std::vector<size_t> expected_types;
        for (auto type : parser->getExpectedTokens().toList()) expected_types.push_back(static_cast<size_t>(type));
        bool only_end = std::all_of(expected_types.begin(), expected_types.end(), [](size_t type) {
            return type == L::SEMI || type == antlr4::Token::EOF;
        });
        if (only_end && offending != nullptr && offending->getType() != antlr4::Token::EOF) {
            for (size_t type : continuations(*parser)) expected_types.push_back(type);
        }
        for (size_t type : expected_types) {
            if (is_name_token(type)) name_expected = true;
            if (is_keyword(type)) {
                keywords.insert(keyword_text(vocabulary, type));
            } else {
                others.insert(describe(vocabulary, type));
            }
        }
    }
    // Every keyword is also a valid name, so where a name may stand, all ~90 of them
    // are "expected": listing them would bury the answer.
    if (name_expected && keywords.size() > 8) keywords.clear();

    std::vector<std::string> expected(keywords.begin(), keywords.end());
    for (const std::string& other : others) {
        if (other != "end of input") expected.push_back(other);
    }
    std::string message = "unexpected " + token_text(offending);
    if (!expected.empty()) {
        message += expected.size() == 1 ? "; expected " : "; expected one of: ";
        for (size_t i = 0; i < expected.size(); ++i) message += (i ? ", " : "") + expected[i];
    }

    std::string hint;
    if (offending != nullptr && offending->getType() != antlr4::Token::EOF && !keywords.empty()) {
        std::string word = to_upper(offending->getText());
        std::vector<std::string> candidates(keywords.begin(), keywords.end());
        if (auto guess = closest(word, candidates)) hint = "did you mean " + *guess + "?";
    }
    if (hint.empty() && offending != nullptr && offending->getType() == antlr4::Token::EOF &&
        others.count("';'")) {
        hint = "the statement is incomplete";
    }
    throw Error(ErrorKind::Syntax, message, pos, hint);
}

}  // namespace connql::detail
