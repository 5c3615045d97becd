#include "parser/keywords.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "ConnQLLexer.h"
#include "common/text.h"
#include "parser/variables.h"

namespace connql {

namespace {
// Taken from the generated lexer so that the list cannot drift from the grammar.
const std::unordered_set<std::string>& keywords() {
    static const std::unordered_set<std::string> words = [] {
        std::unordered_set<std::string> out;
        antlr4::ANTLRInputStream empty;
        ConnQLLexer lexer(&empty);
        const antlr4::dfa::Vocabulary& vocabulary = lexer.getVocabulary();
        for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
            std::string literal = vocabulary.getLiteralName(type);
            std::string symbolic = vocabulary.getSymbolicName(type);
            bool keyword = (type >= ConnQLLexer::ADD && type <= ConnQLLexer::WITH);
            if (!keyword || !literal.empty()) continue;
            if (!symbolic.empty() && symbolic.back() == '_') symbolic.pop_back();
            out.insert(symbolic);
        }
        return out;
    }();
    return words;
}
}  // namespace

bool is_keyword(std::string_view word) {
    return keywords().count(to_upper(word)) > 0;
}

std::string quote_name(std::string_view name) {
    bool plain = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                 std::all_of(name.begin(), name.end(), [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                 });
    if (plain && !is_keyword(name)) return std::string(name);
    // Quoted names have their ${...} substituted: a literal "${" is written "$${".
    std::string out = "`";
    for (size_t i = 0; i < name.size(); ++i) {
        if (name.compare(i, 2, "${") == 0) out += '$';
        out += name[i];
        if (name[i] == '`') out += '`';
    }
    return out + "`";
}

}  // namespace connql
