#include "compiler/decompile.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "compiler/aliases.h"
#include "compiler/compiler.h"
#include "compiler/durations.h"
#include "parser/keywords.h"
#include "parser/parser.h"
#include "common/text.h"

namespace connql {

namespace {


// Which kinds of clause to lift. The decompiler tries all, then gives up on one
// kind after another until the statement compiles back to the exact config.
struct Sections {
    bool using_class = true;
    bool formats = true;
    bool transforms = true;
    bool predicates = true;
    bool inline_when = true;
    bool on_error = true;
    bool retry = true;
};

std::string property_list(const std::vector<Config::Entry>& properties, const char* open, const char* separator,
                          const char* close) {
    std::string out = open;
    for (size_t i = 0; i < properties.size(); ++i) {
        if (i) out += separator;
        out += quote_string(properties[i].first) + " = " + quote_string(properties[i].second);
    }
    return out + close;
}

// Keys under `family.` grouped by alias, each key going to the longest alias it
// starts with (aliases may themselves contain dots). Keys of no alias are left out.
std::unordered_map<std::string, std::vector<Config::Entry>> group_by_alias(const Config& config, const std::string& family,
                                                                           const std::vector<std::string>& aliases) {
    std::unordered_map<std::string, std::vector<Config::Entry>> groups;
    for (const auto& [key, value] : config.entries()) {
        if (!starts_with(key, family + ".")) continue;
        const std::string* best = nullptr;
        for (const std::string& alias : aliases) {
            if (starts_with(key, family + "." + alias + ".") && (best == nullptr || alias.size() > best->size())) {
                best = &alias;
            }
        }
        if (best != nullptr) groups[*best].emplace_back(key.substr(family.size() + best->size() + 2), value);
    }
    return groups;
}

// The aliases of a LIST key, if it is written exactly as the compiler writes it.
std::optional<std::vector<std::string>> canonical_list(const Config& config, const char* key) {
    const std::string* value = config.find(key);
    if (value == nullptr) return std::nullopt;
    std::vector<std::string> items = split_list(*value);
    std::set<std::string> unique(items.begin(), items.end());
    if (items.empty() || join_list(items) != *value || unique.size() != items.size() || unique.count("")) {
        return std::nullopt;
    }
    return items;
}

const std::string* value_of(const std::vector<Config::Entry>& entries, const std::string& key) {
    for (const auto& entry : entries) {
        if (entry.first == key) return &entry.second;
    }
    return nullptr;
}

class Decompiler {
public:
    Decompiler(const std::string& name, ast::ConnectorKind kind, const Config& config, Dialect dialect)
        : name_(name), kind_(kind), config_(config), dialect_(dialect) {
        if (const std::string* class_name = config.find("connector.class")) {
            if (auto known = known_connector_kind(*class_name)) kind_ = *known;
        }
    }

    Decompiled render(const Sections& sections) {
        Decompiled out;
        consumed_.clear();
        if (const std::string* stored = config_.find("name"); stored != nullptr && *stored == name_) {
            consumed_.insert("name");
        }
        std::string using_clause = sections.using_class ? lift_using(out) : "";
        std::string formats = sections.formats ? lift_formats(out) : "";
        std::string transforms = sections.transforms ? lift_transforms(sections, out) : "";
        std::string on_error = sections.on_error ? lift_on_error(out) : "";
        std::string retry = sections.retry ? lift_retry(out) : "";

        std::vector<Config::Entry> raw;
        for (const auto& entry : config_.entries()) {
            if (!consumed_.count(entry.first)) raw.push_back(entry);
        }
        std::string& s = out.statement;
        s = std::string("CREATE ") + (kind_ == ast::ConnectorKind::Sink ? "SINK" : "SOURCE") + " CONNECTOR " +
            name(name_);
        s += using_clause;
        if (!raw.empty()) s += "\n  WITH " + property_list(raw, "(\n    ", ",\n    ", "\n  )");
        s += formats + transforms + on_error + retry + ";";
        return out;
    }

private:
    void consume(const std::string& key) { consumed_.insert(key); }

    std::string lift_using(Decompiled& out) {
        const std::string* class_name = config_.find("connector.class");
        if (class_name == nullptr || class_name->empty()) return "";
        std::string written = *class_name;
        if (auto alias = connector_alias_for(*class_name)) {
            written = *alias;
        } else if (expand_connector_class(*class_name) != *class_name) {
            return "";  // the class is itself spelt like an alias: keep it raw
        }
        consume("connector.class");
        out.lifted.push_back("USING");
        return "\n  USING " + quote_string(written);
    }

    std::string lift_formats(Decompiled& out) {
        std::string specs;
        for (const char* target : {"key", "value", "header"}) {
            const std::string prefix = std::string(target) + ".converter";
            const std::string* class_name = config_.find(prefix);
            const FormatInfo* format = class_name ? format_for_class(*class_name) : nullptr;
            bool header = std::string(target) == "header";
            if (format == nullptr || (header ? !format->header : !format->key_value)) continue;
            std::string spec = format->name;
            if (std::string(format->name) == "JSON") {
                const std::string* schemas = config_.find(prefix + ".schemas.enable");
                if (schemas == nullptr || (*schemas != "true" && *schemas != "false")) continue;
                if (*schemas == "true") spec += " WITH SCHEMAS";
                consume(prefix + ".schemas.enable");
            }
            if (format->schema_registry && !config_.contains(prefix + ".schema.registry.url")) continue;
            consume(prefix);
            std::string word = header ? "HEADER" : std::string(target) == "key" ? "KEY" : "VALUE";
            specs += " " + word + " " + spec;
        }
        if (specs.empty()) return "";
        out.lifted.push_back("FORMAT");
        return "\n  FORMAT" + specs;
    }

    // The inline WHEN form of predicate `alias` if it was generated for `transform`.
    std::string inline_form(const std::string& transform, const std::string& alias,
                            const std::vector<Config::Entry>& keys) {
        const std::string* type = value_of(keys, "type");
        if (type == nullptr) return "";
        auto matches = [&](ast::When::Kind kind, const char* predicate_type, const char* argument) -> const std::string* {
            if (alias != inline_predicate_alias(transform, kind)) return nullptr;
            if (*type != expand_predicate_type(predicate_type).class_name) return nullptr;
            if (keys.size() != (argument ? 2u : 1u)) return nullptr;
            if (argument == nullptr) return type;
            const std::string* value = value_of(keys, argument);
            return (value != nullptr && !value->empty()) ? value : nullptr;
        };
        if (matches(ast::When::Kind::Tombstone, "RecordIsTombstone", nullptr)) return "TOMBSTONE";
        if (const std::string* regex = matches(ast::When::Kind::TopicMatches, "TopicNameMatches", "pattern")) {
            return "TOPIC MATCHES " + quote_string(*regex);
        }
        if (const std::string* header = matches(ast::When::Kind::HeaderExists, "HasHeaderKey", "name")) {
            return "HEADER " + quote_string(*header) + " EXISTS";
        }
        return "";
    }

    static std::optional<std::string> short_type(const std::string& class_name, bool transform) {
        auto alias = transform ? transform_alias_for(class_name) : predicate_alias_for(class_name);
        if (alias) return alias;
        if (class_name.find('.') != std::string::npos) return class_name;  // passes unchanged
        return std::nullopt;
    }

    std::string lift_transforms(const Sections& sections, Decompiled& out) {
        auto transforms = canonical_list(config_, "transforms");
        if (!transforms) return "";
        auto transform_keys = group_by_alias(config_, "transforms", *transforms);
        for (const std::string& alias : *transforms) {
            const std::string* type = value_of(transform_keys[alias], "type");
            if (type == nullptr || !short_type(*type, true)) return "";
        }

        // Predicates: which are inline WHEN forms, and whether the rest can be clauses.
        std::optional<std::vector<std::string>> predicates =
            sections.predicates ? canonical_list(config_, "predicates") : std::nullopt;
        std::unordered_map<std::string, std::vector<Config::Entry>> predicate_keys;
        std::unordered_map<std::string, std::string> inline_when;  // transform -> WHEN text
        std::vector<std::string> explicit_predicates;
        if (predicates) {
            predicate_keys = group_by_alias(config_, "predicates", *predicates);
            for (const std::string& alias : *predicates) {
                const std::string* type = value_of(predicate_keys[alias], "type");
                if (type == nullptr || !short_type(*type, false)) predicates.reset();
                if (!predicates) break;
            }
        }
        if (predicates) {
            std::vector<std::string> inline_order;
            if (sections.inline_when) {
                std::unordered_map<std::string, int> uses;
                for (const std::string& t : *transforms) {
                    if (const std::string* p = value_of(transform_keys[t], "predicate")) ++uses[*p];
                }
                for (const std::string& t : *transforms) {
                    const std::string* p = value_of(transform_keys[t], "predicate");
                    if (p == nullptr || uses[*p] != 1 || !predicate_keys.count(*p)) continue;
                    std::string form = inline_form(t, *p, predicate_keys[*p]);
                    if (form.empty()) continue;
                    inline_when[t] = form;
                    inline_order.push_back(*p);
                }
            }
            std::unordered_set<std::string> inlined(inline_order.begin(), inline_order.end());
            for (const std::string& p : *predicates) {
                if (!inlined.count(p)) explicit_predicates.push_back(p);
            }
            // The compiler lists declared predicates first, then inline ones in transform order.
            std::vector<std::string> compiled_order = explicit_predicates;
            compiled_order.insert(compiled_order.end(), inline_order.begin(), inline_order.end());
            if (compiled_order != *predicates) {
                inline_when.clear();
                explicit_predicates = *predicates;
            }
        }

        std::string text;
        for (const std::string& alias : *transforms) {
            const std::vector<Config::Entry>& keys = transform_keys[alias];
            std::vector<Config::Entry> properties;
            std::string when;
            const std::string* predicate = value_of(keys, "predicate");
            const std::string* negate = value_of(keys, "negate");
            bool declared = predicate != nullptr && (inline_when.count(alias) ||
                                                     config_.contains("predicates." + *predicate + ".type"));
            if (declared) {
                bool not_ = negate != nullptr && *negate == "true";
                when = std::string(" WHEN ") + (not_ ? "NOT " : "") +
                       (inline_when.count(alias) ? inline_when[alias] : name(*predicate));
            }
            for (const auto& [key, value] : keys) {
                bool in_when = declared && (key == "predicate" || (key == "negate" && value == "true"));
                if (key != "type" && !in_when) properties.emplace_back(key, value);
            }
            text += "\n  TRANSFORM " + name(alias) + " USING " +
                    quote_string(*short_type(*value_of(keys, "type"), true));
            if (!properties.empty()) text += " WITH " + property_list(properties, "(", ", ", ")");
            text += when;
            for (const auto& entry : keys) consume("transforms." + alias + "." + entry.first);
        }
        consume("transforms");
        out.lifted.push_back("TRANSFORM");
        if (!inline_when.empty()) out.lifted.push_back("WHEN");

        if (predicates) {
            for (const std::string& alias : explicit_predicates) {
                const std::vector<Config::Entry>& keys = predicate_keys[alias];
                std::vector<Config::Entry> properties;
                for (const auto& entry : keys) {
                    if (entry.first != "type") properties.push_back(entry);
                }
                text += "\n  PREDICATE " + name(alias) + " USING " +
                        quote_string(*short_type(*value_of(keys, "type"), false));
                if (!properties.empty()) text += " WITH " + property_list(properties, "(", ", ", ")");
            }
            for (const std::string& alias : *predicates) {
                for (const auto& entry : predicate_keys[alias]) consume("predicates." + alias + "." + entry.first);
            }
            consume("predicates");
            if (!explicit_predicates.empty()) out.lifted.push_back("PREDICATE");
        }
        return text;
    }

    bool is_true(const char* key) const {
        const std::string* value = config_.find(key);
        return value != nullptr && *value == "true";
    }

    std::string lift_on_error(Decompiled& out) {
        const std::string* tolerance = config_.find("errors.tolerance");
        if (tolerance == nullptr || (*tolerance != "none" && *tolerance != "all")) return "";
        consume("errors.tolerance");
        out.lifted.push_back("ON ERROR");
        if (*tolerance == "none") return "\n  ON ERROR FAIL";

        std::string text;
        const std::string* dlq = config_.find("errors.deadletterqueue.topic.name");
        if (kind_ == ast::ConnectorKind::Sink && dlq != nullptr && !dlq->empty()) {
            text = "\n  ON ERROR SEND TO DEAD LETTER TOPIC " + quote_string(*dlq);
            consume("errors.deadletterqueue.topic.name");
            if (is_true("errors.deadletterqueue.context.headers.enable")) {
                text += " WITH CONTEXT HEADERS";
                consume("errors.deadletterqueue.context.headers.enable");
            }
            if (const std::string* factor = config_.find("errors.deadletterqueue.topic.replication.factor")) {
                bool digits = !factor->empty() && factor->size() <= 5 &&
                              std::all_of(factor->begin(), factor->end(), ::isdigit);
                if (digits && std::to_string(std::stoi(*factor)) == *factor && std::stoi(*factor) <= 32767) {
                    text += " REPLICATION FACTOR " + *factor;
                    consume("errors.deadletterqueue.topic.replication.factor");
                }
            }
        } else {
            text = "\n  ON ERROR SKIP";
        }
        if (is_true("errors.log.enable")) {
            text += " AND LOG";
            consume("errors.log.enable");
            if (is_true("errors.log.include.messages")) {
                text += " MESSAGES";
                consume("errors.log.include.messages");
            }
        }
        return text;
    }

    // A millisecond value written exactly as the compiler writes a duration.
    static std::optional<std::string> duration_text(const std::string& ms) {
        auto parsed = parse_duration_ms(ms);
        if (!parsed || std::to_string(*parsed) != ms) return std::nullopt;
        return format_duration(*parsed);
    }

    std::string lift_retry(Decompiled& out) {
        const std::string* timeout = config_.find("errors.retry.timeout");
        if (timeout == nullptr) return "";
        std::string text;
        if (*timeout == "-1") {
            text = "\n  RETRY ERRORS FOREVER";
        } else if (auto duration = duration_text(*timeout)) {
            text = "\n  RETRY ERRORS FOR " + quote_string(*duration);
        } else {
            return "";
        }
        consume("errors.retry.timeout");
        if (const std::string* delay = config_.find("errors.retry.delay.max.ms")) {
            if (auto duration = duration_text(*delay)) {
                text += " MAX DELAY " + quote_string(*duration);
                consume("errors.retry.delay.max.ms");
            }
        }
        out.lifted.push_back("RETRY ERRORS");
        return text;
    }

    std::string name_;
    // A name as it reads back unchanged in the dialect: in ksqldb, an unquoted name
    // is upper-cased, so one with a lower-case letter is quoted.
    std::string name(const std::string& text) const {
        if (dialect_ == Dialect::Ksqldb && to_upper(text) != text) {
            std::string out = "`";
            for (char c : text) out += c == '`' ? std::string("``") : std::string(1, c);
            return out + "`";
        }
        return quote_name(text);
    }

    ast::ConnectorKind kind_;
    const Config& config_;
    Dialect dialect_;
    std::unordered_set<std::string> consumed_;
};

bool compiles_back(const std::string& statement, const std::string& name, const Config& original, Dialect dialect) {
    try {
        ParseState state;
        state.dialect = state.default_dialect = dialect;
        std::vector<ast::Statement> parsed = parse_script(statement, state);
        if (parsed.size() != 1) return false;
        const auto* create = std::get_if<ast::CreateConnector>(&parsed.front().node);
        if (create == nullptr) return false;
        Config expected = original;
        expected.set("name", name);
        CompileContext context;
        context.dialect = dialect;
        return compile_create(*create, context).config == expected;
    } catch (const Error&) {
        return false;
    }
}

constexpr const char* kPlaceholderOpen = "@@connql-secret:";
constexpr const char* kPlaceholderClose = "@@";

}  // namespace

std::string secret_variable_name(const std::string& name, const std::string& key) {
    std::string out;
    for (char c : name + "_" + key) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
    return out;
}

Decompiled decompile(const std::string& name, ast::ConnectorKind kind, const Config& config,
                     const DecompileOptions& options) {
    // Secrets become placeholders that lift like any value and compile back to
    // themselves; the statement then names variables where they stand.
    Config working = config;
    std::vector<std::string> variables;
    if (options.secrets && !options.secrets->show) {
        for (const auto& [key, value] : config.entries()) {
            if (key == "name" || !is_secret(key, value, *options.secrets)) continue;
            std::string variable = secret_variable_name(name, key);
            variables.push_back(variable);
            working.set(key, kPlaceholderOpen + variable + kPlaceholderClose);
        }
    }
    Decompiler decompiler(name, kind, working, options.dialect);
    // Most configs lift whole; the rest lose one kind of clause at a time.
    std::vector<Sections> attempts(1);
    for (bool Sections::*section : {&Sections::inline_when, &Sections::predicates, &Sections::transforms,
                                    &Sections::formats, &Sections::on_error, &Sections::retry, &Sections::using_class}) {
        Sections next = attempts.back();
        next.*section = false;
        attempts.push_back(next);
    }
    for (const Sections& sections : attempts) {
        Decompiled result = decompiler.render(sections);
        if (!compiles_back(result.statement, name, working, options.dialect)) continue;
        for (const std::string& variable : variables) {
            std::string placeholder = "'" + std::string(kPlaceholderOpen) + variable + kPlaceholderClose + "'";
            for (size_t at = result.statement.find(placeholder); at != std::string::npos;
                 at = result.statement.find(placeholder, at)) {
                result.statement.replace(at, placeholder.size(), "'${" + variable + "}'");
            }
        }
        if (!variables.empty()) {
            std::string comment = "-- Secrets are not shown. DEFINE them (or pass --define name=value) before running this:\n";
            for (const std::string& variable : variables) comment += "--   DEFINE " + variable + " = '...';\n";
            result.statement = comment + result.statement;
        }
        result.secret_variables = std::move(variables);
        return result;
    }
    throw std::logic_error("decompile: no statement compiles back to the config of connector '" + name + "'");
}

}  // namespace connql
