#include "repl/completer.h"

#include <algorithm>
#include <cctype>

#include "common/text.h"
#include "compiler/aliases.h"
#include "compiler/properties.h"
#include "parser/completion.h"

namespace connql {

namespace {

using Slot = ExpectedAtCursor::Slot;

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '@'; }

// Whether `text` can be written unquoted as a name or key (docs/language.md,
// "Lexical rules"): name characters, with '.' and '-' between them.
bool plain_name(std::string_view text) {
    if (text.empty() || !name_start(text[0]) || !name_char(text.back())) return false;
    for (size_t i = 1; i < text.size(); ++i) {
        char c = text[i];
        if (name_char(c)) continue;
        if ((c == '.' || c == '-') && name_char(text[i - 1])) continue;
        return false;
    }
    return true;
}

std::string quote_with(std::string_view text, char quote) {
    std::string out(1, quote);
    for (char c : text) {
        out += c;
        if (c == quote) out += quote;
    }
    return out + quote;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (prefix.size() > text.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

// The partial word without its opening quote, and that quote ('\0' for none).
struct Typed {
    char quote = '\0';
    std::string inner;
};
Typed typed(const std::string& partial) {
    if (!partial.empty() && (partial[0] == '\'' || partial[0] == '`' || partial[0] == '"')) {
        return {partial[0], partial.substr(1)};
    }
    return {'\0', partial};
}

class Collector {
public:
    explicit Collector(const std::string& partial) : typed_(typed(partial)) {}

    // A keyword, in the case the user types in.
    void keyword(const std::string& word) {
        if (typed_.quote != '\0' || !starts_with_ignoring_case(word, typed_.inner)) return;
        bool lower = !typed_.inner.empty() &&
                     std::none_of(typed_.inner.begin(), typed_.inner.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
        add({lower ? to_lower(word) : word, "", true});
    }
    // A name: bare when it may be, else quoted as the user began, or with backticks.
    void name(const std::string& value, const std::string& detail = "") {
        if (!starts_with_ignoring_case(value, typed_.inner)) return;
        if (typed_.quote == '\'') return add({quote_with(value, '\''), detail, true});
        if (typed_.quote != '\0') return add({quote_with(value, typed_.quote), detail, true});
        add({plain_name(value) ? value : quote_with(value, '`'), detail, true});
    }
    // A 'string' value.
    void string(const std::string& value, const std::string& detail = "") {
        if (typed_.quote != '\0' && typed_.quote != '\'') return;
        if (!starts_with_ignoring_case(value, typed_.inner)) return;
        add({quote_with(value, '\''), detail, true});
    }
    // A key: a plain name bare unless a quote was typed, else a 'string'.
    void key(const std::string& value, const std::string& detail) {
        if (typed_.quote == '\0' && !plain_name(value)) {
            if (!starts_with_ignoring_case(value, typed_.inner)) return;
            return add({quote_with(value, '\''), detail, true});
        }
        name(value, detail);
    }
    // The rest of a ${name}.
    void variable(const std::string& value) {
        if (starts_with_ignoring_case(value, typed_.inner)) add({value + "}", "", false});
    }

    std::vector<Candidate> take() {
        std::sort(out_.begin(), out_.end(), [](const Candidate& a, const Candidate& b) { return a.text < b.text; });
        out_.erase(std::unique(out_.begin(), out_.end(), [](const Candidate& a, const Candidate& b) { return a.text == b.text; }),
                   out_.end());
        return std::move(out_);
    }

private:
    void add(Candidate candidate) { out_.push_back(std::move(candidate)); }
    Typed typed_;
    std::vector<Candidate> out_;
};

// Words, string values and symbols: enough to find USING 'x' or ALTER CONNECTOR x.
struct Token {
    std::string text;  // a word, a string's value, or one symbol
    bool string = false;
};
std::vector<Token> tokens_of(std::string_view text) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
        } else if (text.compare(i, 2, "--") == 0) {
            size_t end = text.find('\n', i);
            i = end == std::string_view::npos ? text.size() : end;
        } else if (text.compare(i, 2, "/*") == 0) {
            size_t end = text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + 2;
        } else if (c == '\'' || c == '`' || c == '"') {
            std::string value;
            size_t j = i + 1;
            while (j < text.size()) {
                if (text[j] == c) {
                    if (j + 1 < text.size() && text[j + 1] == c) {
                        value += c;
                        j += 2;
                        continue;
                    }
                    break;
                }
                value += text[j++];
            }
            out.push_back({value, c == '\''});
            i = j + 1;
        } else if (name_char(c) || c == '.' || c == '-' || c == '$' || c == '{' || c == '}') {
            size_t j = i;
            while (j < text.size() && (name_char(text[j]) || text[j] == '.' || text[j] == '-' || text[j] == '$' ||
                                       text[j] == '{' || text[j] == '}')) {
                ++j;
            }
            out.push_back({std::string(text.substr(i, j - i)), false});
            i = j;
        } else {
            out.push_back({std::string(1, c), false});
            ++i;
        }
    }
    return out;
}

bool is_word(const Token& token, const char* word) { return !token.string && to_upper(token.text) == word; }

// The statement the cursor is in, up to the cursor: what follows the last ';'
// outside strings, quoted names and comments.
std::string current_statement(std::string_view line, size_t cursor) {
    std::string_view before = line.substr(0, cursor);
    size_t start = 0;
    for (size_t i = 0; i < before.size(); ++i) {
        char c = before[i];
        if (before.compare(i, 2, "--") == 0) {
            i = std::min(before.find('\n', i), before.size());
        } else if (before.compare(i, 2, "/*") == 0) {
            size_t end = before.find("*/", i + 2);
            i = end == std::string_view::npos ? before.size() : end + 1;
        } else if (c == '\'' || c == '`' || c == '"') {
            size_t end = before.find(c, i + 1);  // a doubled quote closes and reopens: same result
            i = end == std::string_view::npos ? before.size() : end;
        } else if (c == ';') {
            start = i + 1;
        }
    }
    return std::string(before.substr(start));
}

std::string type_and_default(const ConfigKeyInfo& key) {
    std::string detail = key.type;
    if (key.required) detail += "  required";
    if (key.default_value) detail += "  default: " + (key.default_value->empty() ? std::string("\"\"") : *key.default_value);
    return detail;
}

bool is_connector_plugin(const PluginRow& plugin) { return plugin.type == "source" || plugin.type == "sink"; }

}  // namespace

std::string class_for_config_keys(std::string_view statement, CompletionSource& source) {
    std::vector<Token> tokens = tokens_of(statement);
    for (size_t i = 0; i + 2 < tokens.size(); ++i) {
        if (is_word(tokens[i], "ALTER") && is_word(tokens[i + 1], "CONNECTOR")) {
            return source.connector_class(tokens[i + 2].text).value_or("");
        }
    }
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        // The connector's USING, not a TRANSFORM's or PREDICATE's (TRANSFORM t USING 'x').
        bool clause = i >= 2 && (is_word(tokens[i - 2], "TRANSFORM") || is_word(tokens[i - 2], "PREDICATE"));
        if (is_word(tokens[i], "USING") && !clause && tokens[i + 1].string) return expand_connector_class(tokens[i + 1].text);
    }
    for (size_t i = 0; i + 2 < tokens.size(); ++i) {
        if (tokens[i].text == "connector.class" && tokens[i + 1].text == "=" && tokens[i + 2].string) {
            return expand_connector_class(tokens[i + 2].text);
        }
    }
    return "";
}

Completions complete_at(std::string_view line, size_t cursor, CompletionSource& source) {
    cursor = std::min(cursor, line.size());
    ExpectedAtCursor expected = expected_at(line, cursor);
    Completions out;
    out.partial = expected.partial;
    out.replace = expected.partial.size();
    Collector collect(expected.partial);
    for (const std::string& keyword : expected.keywords) collect.keyword(keyword);

    switch (expected.slot) {
        case Slot::ConnectorName:
            for (const std::string& name : source.connector_names()) collect.name(name);
            break;
        case Slot::PluginClass:
            for (const ConnectorAlias& alias : connector_aliases()) collect.string(alias.alias, alias.class_name);
            for (const PluginRow& plugin : source.plugins()) {
                if (is_connector_plugin(plugin)) collect.string(plugin.class_name, plugin.type + " " + plugin.version);
            }
            break;
        case Slot::TransformType:
        case Slot::PredicateType: {
            bool transform = expected.slot == Slot::TransformType;
            for (const std::string& alias : transform ? transform_short_names() : predicate_short_names()) {
                collect.string(alias);
            }
            for (const PluginRow& plugin : source.plugins()) {
                if (plugin.type == (transform ? "transformation" : "predicate")) collect.string(plugin.class_name);
            }
            break;
        }
        case Slot::ConfigKey: {
            std::string class_name = class_for_config_keys(current_statement(line, cursor), source);
            if (class_name.empty()) break;
            for (const ConfigKeyInfo& key : source.config_keys(class_name)) collect.key(key.name, type_and_default(key));
            break;
        }
        case Slot::VariableName: {
            bool reference = cursor >= out.replace + 2 && line.substr(cursor - out.replace - 2, 2) == "${";
            for (const std::string& name : source.variable_names()) {
                if (reference) {
                    collect.variable(name);
                } else {
                    collect.name(name);
                }
            }
            break;
        }
        case Slot::ClusterName:
            for (const std::string& name : source.cluster_names()) collect.name(name);
            break;
        case Slot::SessionProperty:
            for (const PropertyInfo& property : connql_properties()) collect.string(property.name, property.description);
            break;
        case Slot::FormatName:
            for (const std::string& format : format_names()) collect.keyword(format);
            break;
        case Slot::TopicName:  // topics come from the brokers: not asked at a Tab
        case Slot::None:
            break;
    }
    out.candidates = collect.take();
    return out;
}

TabAnswer tab_answer(const Completions& completions, size_t max_listed) {
    TabAnswer answer;
    const std::vector<Candidate>& candidates = completions.candidates;
    if (candidates.empty()) return answer;
    answer.replace = completions.replace;
    if (candidates.size() == 1) {
        answer.insert = candidates[0].text + (candidates[0].complete ? " " : "");
        return answer;
    }
    // The longest common prefix, compared without case (keywords), taken from the first.
    std::string common = candidates[0].text;
    for (const Candidate& candidate : candidates) {
        size_t n = 0;
        while (n < common.size() && n < candidate.text.size() &&
               std::tolower(static_cast<unsigned char>(common[n])) ==
                   std::tolower(static_cast<unsigned char>(candidate.text[n]))) {
            ++n;
        }
        common.resize(n);
    }
    if (common.size() > completions.partial.size()) {
        answer.insert = common;
        return answer;
    }
    // Nothing to add: show the choice, and leave the line as it was.
    answer.replace = 0;
    size_t width = 0;
    for (const Candidate& candidate : candidates) width = std::max(width, candidate.text.size());
    size_t shown = std::min(candidates.size(), max_listed);
    for (size_t i = 0; i < shown; ++i) {
        const Candidate& candidate = candidates[i];
        std::string row = candidate.text;
        if (!candidate.detail.empty()) row += std::string(width + 2 - candidate.text.size(), ' ') + candidate.detail;
        answer.listing.push_back(row);
    }
    if (shown < candidates.size()) {
        answer.listing.push_back("... " + std::to_string(candidates.size() - shown) + " more: type a few letters");
    }
    return answer;
}

}  // namespace connql
