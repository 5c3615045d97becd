#include "parser/variables.h"

#include <algorithm>
#include <cctype>

#include "common/diagnostic.h"
#include "common/text.h"

namespace connql {

namespace {


bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@';
}

// Advances a position over one byte of source text (columns count code points).
void advance(Position& pos, char c) {
    if (c == '\n') {
        ++pos.line;
        pos.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++pos.column;
    }
}

}  // namespace

void Variables::define(const std::string& name, std::string value) {
    values_[to_lower(name)] = {name, std::move(value)};
}

bool Variables::undefine(const std::string& name) { return values_.erase(to_lower(name)) > 0; }

const std::string* Variables::find(std::string_view name) const {
    auto it = values_.find(to_lower(name));
    return it == values_.end() ? nullptr : &it->second.second;
}

std::vector<std::pair<std::string, std::string>> Variables::list() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(values_.size());
    for (const auto& entry : values_) out.push_back(entry.second);
    return out;
}

bool is_variable_name(std::string_view text) {
    if (text.empty() || !is_name_start(text[0])) return false;
    return std::all_of(text.begin() + 1, text.end(), is_name_char);
}

namespace {

// The body of a literal (without its quotes) with doubled `quote` characters
// un-doubled ('\0' for none) and, if `substitute`, variables substituted. `pos` is
// the position of the body's first character, for errors.
std::string expand(std::string_view body, Position pos, char quote, bool substitute, const Variables& variables,
                   Dialect dialect) {
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size();) {
        char c = body[i];
        if (quote != '\0' && c == quote) {  // the lexer guarantees it is doubled
            out += quote;
            advance(pos, c);
            advance(pos, c);
            i += 2;
            continue;
        }
        if (substitute && c == '$' && body.compare(i, 3, "$${") == 0) {
            out += "${";
            for (int k = 0; k < 3; ++k) advance(pos, body[i + k]);
            i += 3;
            continue;
        }
        if (substitute && c == '$' && body.compare(i, 2, "${") == 0) {
            size_t close = body.find('}', i + 2);
            std::string_view inside =
                close == std::string_view::npos ? std::string_view{} : body.substr(i + 2, close - i - 2);
            if (close != std::string_view::npos && is_variable_name(inside)) {
                if (const std::string* value = variables.find(inside)) {
                    out += *value;
                } else if (dialect == Dialect::Connql) {
                    std::string name(inside);
                    throw Error(ErrorKind::Compile, "undefined variable '" + name + "'", pos,
                                "define it first (DEFINE " + name + " = '...'; or --define " + name +
                                    "=...), or write $${" + name + "} for a literal ${" + name +
                                    "} (as in TimestampRouter's topic.format)");
                } else {
                    out.append(body.substr(i, close - i + 1));  // ksqlDB leaves it as written
                }
                for (size_t k = i; k <= close; ++k) advance(pos, body[k]);
                i = close + 1;
                continue;
            }
            // ${provider:...} and anything that is not a variable reference pass through.
        }
        out += c;
        advance(pos, c);
        ++i;
    }
    return out;
}

}  // namespace

std::string unquote(std::string_view token, Position start, bool substitute,
                    const Variables& variables, Dialect dialect) {
    if (token.size() < 2) return {};
    const char quote = token.front();
    std::string_view body = token.substr(1, token.size() - 2);
    // Fast path: most literals have neither doubled quotes nor variables.
    if (body.find(quote) == std::string_view::npos &&
        (!substitute || body.find("${") == std::string_view::npos)) {
        return std::string(body);
    }
    Position pos = start;
    advance(pos, quote);
    return expand(body, pos, quote, substitute, variables, dialect);
}

std::string substitute_variables(std::string_view text, Position start, const Variables& variables,
                                 Dialect dialect) {
    return expand(text, start, '\0', true, variables, dialect);
}

std::string quote_string(std::string_view value) {
    std::string out = "'";
    out.reserve(value.size() + 2);
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\'') {
            out += "''";
        } else if (value[i] == '$' && value.compare(i, 2, "${") == 0) {
            out += "$$";
        } else {
            out += value[i];
        }
    }
    out += "'";
    return out;
}

}  // namespace connql
