#include "parser/keywords.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "common/text.h"
#include "parser/vocabulary.h"

namespace connql {

namespace {
const std::unordered_set<std::string>& keyword_set() {
    static const std::unordered_set<std::string> words(detail::keyword_spellings().begin(),
                                                      detail::keyword_spellings().end());
    return words;
}
}  // namespace

bool is_keyword(std::string_view word) {
    return keyword_set().count(to_upper(word)) > 0;
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
