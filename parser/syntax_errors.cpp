#include "parser/syntax_errors.h"

#include <algorithm>

#include "ConnQLLexer.h"
#include "ConnQLParser.h"
#include "common/suggest.h"
#include "common/text.h"
#include "parser/expected_tokens.h"
#include "parser/vocabulary.h"

namespace connql::detail {

namespace {

using L = ConnQLLexer;
using P = ConnQLParser;

Position position_of(const antlr4::Token* token) {
    return {static_cast<int>(token->getLine()), static_cast<int>(token->getCharPositionInLine()) + 1};
}

// A token's text as it may be shown in a message: control characters escaped (the
// text could be anything, binary included), and at most ~40 bytes, cut between
// characters (the parser's input is valid UTF-8).
std::string printable(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (out.size() >= 37 && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return out + "...";
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7F) {
            out += std::string("\\x") + hex[c >> 4] + hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string token_text(const antlr4::Token* token) {
    if (token->getType() == antlr4::Token::EOF) return "end of input";
    return "'" + printable(token->getText()) + "'";
}

bool is_word(size_t type) {
    return type == L::IDENTIFIER || type == L::DOTTED_NAME || type == L::DIGIT_IDENTIFIER ||
           type == L::TEMPLATE_NAME || is_keyword_type(type);
}

// The token at stream index `i`, read from the lexer if the parser has not got that far.
antlr4::Token* token_at(antlr4::TokenStream& stream, size_t i) {
    size_t current = stream.index();
    if (i >= current) return stream.LT(static_cast<ssize_t>(i - current + 1));
    return stream.get(i);
}

// The statement being parsed: from its first token to the ';' or end of input
// that closes it (included).
std::vector<antlr4::Token*> statement_tokens(antlr4::Parser& parser) {
    antlr4::ParserRuleContext* root = parser.getContext();
    while (auto* parent = dynamic_cast<antlr4::ParserRuleContext*>(root->parent)) root = parent;
    return statement_tokens_from(*parser.getTokenStream(), root->getStart()->getTokenIndex());
}

// What was expected, in the words of the language's documentation.
std::vector<std::string> expected_words(const ExpectedKinds& kinds) {
    std::vector<std::string> words;
    if (kinds.name) words.push_back("a name");
    if (kinds.variable_name) words.push_back("a variable name");
    if (kinds.format_name) words.push_back("a format name");
    for (size_t type : kinds.keywords) words.push_back(keyword_spelling(type));
    const TokenSet& others = kinds.others;
    if (others.test(L::STRING)) words.push_back("a string");
    bool fraction = others.test(L::DECIMAL_VALUE) || others.test(L::FLOATING_POINT_VALUE);
    if (fraction) {
        words.push_back("a number");
    } else if (others.test(L::INTEGER_VALUE)) {
        words.push_back("a whole number");
    }
    if (others.test(L::VARIABLE)) words.push_back("a ${variable}");
    if (others.test(L::LPAREN)) words.push_back("'('");
    if (others.test(L::RPAREN)) words.push_back("')'");
    if (others.test(L::COMMA)) words.push_back("','");
    if (others.test(L::EQ)) words.push_back("'='");
    if (others.test(L::MINUS) && !fraction) words.push_back("'-'");  // a negative number's sign, else
    if (kinds.can_end) words.push_back("';'");
    return words;
}

std::string one_of(const std::vector<std::string>& words) {
    if (words.size() == 1) return words[0];
    if (words.size() == 2) return words[0] + " or " + words[1];
    std::string out = "one of: ";
    for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
    return out;
}

bool starts_statement(size_t type) { return expected_after({}).tokens().test(type); }

// Why the input stops fitting at `failing`, and what to do about it.
std::string hint_for(const antlr4::Token* failing, const ExpectedKinds& kinds) {
    size_t type = failing->getType();
    if (type == antlr4::Token::EOF || type == L::SEMI) return "the statement is incomplete";
    if (type == L::STRING && !kinds.others.test(L::STRING)) {
        if (kinds.name) return "a name is quoted with \"...\" or `...`; '...' is a string";
        if (kinds.variable_name || kinds.format_name) return "write it without quotes";
    }
    if (!is_word(type)) return "";
    std::string word = failing->getText();
    std::vector<std::string> keywords;
    for (size_t keyword : kinds.keywords) keywords.push_back(keyword_spelling(keyword));
    std::optional<std::string> guess = closest(to_upper(word), keywords);

    // Where only a value or a string fits, a bare word is a value missing its quotes
    // (mode = bulk, topic = orders-v2, USING FileStreamSource).
    if (kinds.others.test(L::STRING) && !kinds.name) {
        std::string hint = "quote it: '" + word + "'";
        if (guess && edit_distance(word, *guess) <= 1) hint += ", or did you mean " + *guess + "?";
        return hint;
    }
    if (guess) return "did you mean " + *guess + "?";
    if (kinds.can_end && starts_statement(type)) return "end the statement before it with ';'";
    return "";
}

// The unrecognized characters that have an error of their own: an opening quote or
// comment never closed, a '$' that does not start a variable.
void check_unrecognized(const antlr4::Token* failing, const std::vector<antlr4::Token*>& tokens, size_t i) {
    Position pos = position_of(failing);
    std::string text = failing->getText();
    if (text == "'" || text == "\"" || text == "`") {
        throw Error(ErrorKind::Syntax,
                    "unterminated " + std::string(text == "'" ? "string" : "quoted name") + ": this " + text +
                        " is never closed",
                    pos, "close it with " + text + "; write " + text + text + " for a " + text + " inside it");
    }
    // The lexers take "/*" without "*/" as two unrecognized characters.
    if (text == "/" && i + 1 < tokens.size() && tokens[i + 1]->getText() == "*" &&
        tokens[i + 1]->getStartIndex() == failing->getStartIndex() + 1) {
        throw Error(ErrorKind::Syntax, "unterminated comment: this /* is never closed", pos, "close it with */");
    }
    if (text == "$") {
        throw Error(ErrorKind::Syntax, "unexpected '$'", pos,
                    "a variable is written ${name}, in a string, a name or as a value; a literal ${ is written $${ "
                    "inside quotes");
    }
}

}  // namespace

std::vector<antlr4::Token*> statement_tokens_from(antlr4::TokenStream& stream, size_t first) {
    std::vector<antlr4::Token*> tokens;
    for (size_t i = first;; ++i) {
        tokens.push_back(token_at(stream, i));
        size_t type = tokens.back()->getType();
        if (type == L::SEMI || type == antlr4::Token::EOF) return tokens;
    }
}

std::optional<Error> syntax_error_in(const std::vector<antlr4::Token*>& tokens, const antlr4::Token* offending) {
    std::vector<size_t> types;
    types.reserve(tokens.size());
    for (size_t i = 0; i + 1 < tokens.size(); ++i) types.push_back(tokens[i]->getType());
    Expected expected = expected_after(types);
    size_t at = expected.accepted;
    if (at == types.size() && expected.can_end) {
        if (offending == nullptr) return std::nullopt;  // a statement: SLL was too weak for it, not the input wrong
        // The walker accepts the statement: not expected to happen. ANTLR's token is the best there is.
        auto it = std::find(tokens.begin(), tokens.end(), offending);
        at = it == tokens.end() ? tokens.size() - 1 : static_cast<size_t>(it - tokens.begin());
    }
    const antlr4::Token* failing = tokens[at];
    if (failing->getType() == L::UNRECOGNIZED) check_unrecognized(failing, tokens, at);

    ExpectedKinds kinds = classify(expected);
    std::string message = "unexpected " + token_text(failing);
    std::vector<std::string> words = expected_words(kinds);
    if (!words.empty()) message += "; expected " + one_of(words);
    return Error(ErrorKind::Syntax, message, position_of(failing), hint_for(failing, kinds));
}

void ThrowingErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                                        size_t column, const std::string&, std::exception_ptr) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr) {  // only the parser reports: the fast lexer never fails
        throw Error(ErrorKind::Syntax, "syntax error", {static_cast<int>(line), static_cast<int>(column) + 1});
    }
    // ANTLR reports an LL decision that failed at the decision's start, and expects
    // what could start it; the walker finds the first token that does not fit and
    // what could have come instead.
    if (std::optional<Error> error = syntax_error_in(statement_tokens(*parser), offending)) throw std::move(*error);
}

}  // namespace connql::detail
