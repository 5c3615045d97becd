#include "parser/vocabulary.h"

#include <algorithm>

#include "ConnQLParser.h"
#include "parser/fast_lexer.h"

namespace connql::detail {

namespace {

// The parser's vocabulary, not the generated lexer's: the lexer's object (and its
// ATN, built by a static initializer at every start) then stays out of the binary.
using L = ConnQLParser;

// Indexed by token type; "" for a token that is not a keyword.
const std::vector<std::string>& spellings_by_type() {
    static const std::vector<std::string> spellings = [] {
        FastLexer lexer("");
        antlr4::CommonTokenStream tokens(&lexer);
        ConnQLParser parser(&tokens);
        const antlr4::dfa::Vocabulary& vocabulary = parser.getVocabulary();
        std::vector<std::string> out(vocabulary.getMaxTokenType() + 1);
        for (size_t type = L::ADD; type <= L::WITH; ++type) {
            std::string name = vocabulary.getSymbolicName(type);
            if (!name.empty() && name.back() == '_') name.pop_back();  // SKIP_, NULL_
            out[type] = name;
        }
        return out;
    }();
    return spellings;
}

}  // namespace

bool is_keyword_type(size_t type) { return type >= L::ADD && type <= L::WITH; }

std::string keyword_spelling(size_t type) {
    const auto& spellings = spellings_by_type();
    return type < spellings.size() ? spellings[type] : std::string();
}

const std::vector<std::string>& keyword_spellings() {
    static const std::vector<std::string> sorted = [] {
        std::vector<std::string> out;
        for (const std::string& spelling : spellings_by_type()) {
            if (!spelling.empty()) out.push_back(spelling);
        }
        std::sort(out.begin(), out.end());
        return out;
    }();
    return sorted;
}

bool is_name_type(size_t type) {
    return type == L::IDENTIFIER || type == L::DOTTED_NAME || type == L::QUOTED_IDENTIFIER ||
           type == L::BACKQUOTED_IDENTIFIER || type == L::DIGIT_IDENTIFIER || type == L::VARIABLE ||
           type == L::TEMPLATE_NAME;
}

}  // namespace connql::detail
