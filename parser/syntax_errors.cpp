#include "parser/syntax_errors.h"

#include <algorithm>
#include <set>

#include "ConnQLLexer.h"
#include "ConnQLParser.h"
#include "parser/suggest.h"

namespace connql::detail {

namespace {

using L = ConnQLLexer;

bool is_name_token(size_t type) {
    return type == L::IDENTIFIER || type == L::DOTTED_NAME || type == L::QUOTED_IDENTIFIER ||
           type == L::BACKQUOTED_IDENTIFIER || type == L::DIGIT_IDENTIFIER || type == L::VARIABLE;
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
                        "variables are written ${name}, and only inside strings or as a whole name or value");
        }
    }

    std::set<std::string> keywords;
    std::set<std::string> others;
    bool name_expected = false;
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
        for (size_t type : parser->getExpectedTokens().toList()) {
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
        std::string word = offending->getText();
        std::transform(word.begin(), word.end(), word.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
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
