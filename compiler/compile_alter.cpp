// ALTER CONNECTOR ... SET | UNSET | ADD TRANSFORM | DROP TRANSFORM: live config -> new config.
#include <algorithm>

#include "compiler/clauses.h"
#include "compiler/compiler.h"

namespace connql {

namespace {

using detail::fail;

// Keys that only CREATE decides: changing them would turn the connector into another one.
void check_mutable(const std::string& key, Position pos, const std::string& name) {
    if (key == "name") {
        fail(ErrorKind::Compile, "a connector cannot be renamed", pos,
             "create '" + name + "' under the new name and drop the old one");
    }
}

Config alter_set(const Config& live, const std::string& name, const ast::AlterSet& set) {
    Config config = live;
    std::unordered_map<std::string, Position> seen;
    for (const ast::Property& property : set.properties) {
        detail::check_unique(seen, property.key, property.key_pos, "key '" + property.key + "' appears twice in SET",
                             "first given here", "keep one of them");
        check_mutable(property.key, property.key_pos, name);
        config.set(property.key, property.value.text);
    }
    return config;
}

Config alter_unset(const Config& live, const std::string& name, const ast::AlterUnset& unset) {
    Config config = live;
    for (const ast::Name& key : unset.keys) {
        check_mutable(key.text, key.pos, name);
        if (key.text == "connector.class") {
            fail(ErrorKind::Compile, "'connector.class' cannot be unset", key.pos, "every connector needs a class");
        }
        if (!config.erase(key.text)) {
            fail(ErrorKind::Runtime, "connector '" + name + "' has no config key '" + key.text + "'", key.pos,
                 "SHOW CREATE CONNECTOR " + name + " shows its config");
        }
    }
    return config;
}

Config add_transform(const Config& live, const std::string& name, const ast::AlterAddTransform& add) {
    const std::string& alias = add.transform.alias.text;
    std::vector<std::string> transforms = live.list("transforms");
    if (std::find(transforms.begin(), transforms.end(), alias) != transforms.end()) {
        fail(ErrorKind::Runtime, "connector '" + name + "' already has a transform '" + alias + "'", add.transform.alias.pos,
             "choose another alias, or DROP TRANSFORM " + alias + " first");
    }
    std::vector<std::string> predicates = live.list("predicates");

    // Leftover keys of an alias that is not in the list are replaced, not merged.
    detail::ConfigBuilder builder(ErrorKind::Runtime);
    Config config = live.without_prefix("transforms." + alias + ".");
    std::vector<detail::InlinePredicate> inline_predicates;
    auto predicate_exists = [&](const std::string& p) {
        return std::find(predicates.begin(), predicates.end(), p) != predicates.end();
    };
    detail::compile_transform(builder, add.transform, predicate_exists, inline_predicates);
    for (const detail::InlinePredicate& predicate : inline_predicates) {
        if (predicate_exists(predicate.alias)) {
            fail(ErrorKind::Runtime, "connector '" + name + "' already has a predicate '" + predicate.alias + "'",
                 predicate.when->pos, "refer to it with WHEN " + predicate.alias);
        }
        detail::compile_inline_predicate(builder, predicate);
        predicates.push_back(predicate.alias);
    }

    size_t at = transforms.size();
    if (add.placement.kind == ast::TransformPlacement::Kind::First) {
        at = 0;
    } else if (add.placement.anchor) {
        auto anchor = std::find(transforms.begin(), transforms.end(), add.placement.anchor->text);
        if (anchor == transforms.end()) {
            fail(ErrorKind::Runtime,
                 "connector '" + name + "' has no transform '" + add.placement.anchor->text + "'",
                 add.placement.anchor->pos,
                 transforms.empty() ? "it has no transforms yet" : "its transforms are: " + join_list(transforms));
        }
        at = static_cast<size_t>(anchor - transforms.begin()) +
             (add.placement.kind == ast::TransformPlacement::Kind::After ? 1 : 0);
    }
    transforms.insert(transforms.begin() + static_cast<std::ptrdiff_t>(at), alias);

    config.set("transforms", join_list(transforms));
    for (const auto& [key, value] : builder.config().entries()) config.set(key, value);
    if (!inline_predicates.empty()) config.set("predicates", join_list(predicates));
    return config;
}

Config drop_transform(const Config& live, const std::string& name, const ast::AlterDropTransform& drop) {
    const std::string& alias = drop.alias.text;
    std::vector<std::string> transforms = live.list("transforms");
    auto it = std::find(transforms.begin(), transforms.end(), alias);
    if (it == transforms.end()) {
        fail(ErrorKind::Runtime, "connector '" + name + "' has no transform '" + alias + "'", drop.alias.pos,
             transforms.empty() ? "it has no transforms" : "its transforms are: " + join_list(transforms));
    }
    transforms.erase(it);

    const std::string prefix = "transforms." + alias + ".";
    const std::string* predicate_ref = live.find(prefix + "predicate");
    std::string predicate = predicate_ref ? *predicate_ref : "";

    Config config = live.without_prefix(prefix);
    if (transforms.empty()) {
        config.erase("transforms");
    } else {
        config.set("transforms", join_list(transforms));
    }

    // A predicate that an inline WHEN of this transform generated goes with it,
    // unless another transform came to use it too.
    bool generated = predicate == inline_predicate_alias(alias, ast::When::Kind::Tombstone) ||
                     predicate == inline_predicate_alias(alias, ast::When::Kind::TopicMatches) ||
                     predicate == inline_predicate_alias(alias, ast::When::Kind::HeaderExists);
    bool still_used = false;
    for (const std::string& other : transforms) {
        const std::string* ref = config.find("transforms." + other + ".predicate");
        if (ref != nullptr && *ref == predicate) still_used = true;
    }
    if (generated && !still_used) {
        std::vector<std::string> predicates = config.list("predicates");
        predicates.erase(std::remove(predicates.begin(), predicates.end(), predicate), predicates.end());
        config = config.without_prefix("predicates." + predicate + ".");
        if (predicates.empty()) {
            config.erase("predicates");
        } else {
            config.set("predicates", join_list(predicates));
        }
    }
    return config;
}

}  // namespace

void check_alter(const ast::AlterConnector& statement) {
    const std::string& name = statement.name.text;
    if (const auto* set = std::get_if<ast::AlterSet>(&statement.action)) {
        alter_set(Config{}, name, *set);  // duplicates and renames need no live config
    } else if (const auto* unset = std::get_if<ast::AlterUnset>(&statement.action)) {
        std::unordered_map<std::string, Position> seen;
        for (const ast::Name& key : unset->keys) {
            detail::check_unique(seen, key.text, key.pos, "key '" + key.text + "' appears twice in UNSET",
                                 "first given here", "keep one of them");
            check_mutable(key.text, key.pos, name);
            if (key.text == "connector.class") {
                fail(ErrorKind::Compile, "'connector.class' cannot be unset", key.pos, "every connector needs a class");
            }
        }
    } else if (const auto* add = std::get_if<ast::AlterAddTransform>(&statement.action)) {
        // The transform's type and keys; a named WHEN can only be checked against the live config.
        detail::ConfigBuilder builder;
        std::vector<detail::InlinePredicate> inline_predicates;
        detail::compile_transform(builder, add->transform, [](const std::string&) { return true; }, inline_predicates);
        for (const detail::InlinePredicate& predicate : inline_predicates) detail::compile_inline_predicate(builder, predicate);
        if (add->placement.anchor && add->placement.anchor->text == add->transform.alias.text) {
            fail(ErrorKind::Compile, "transform '" + add->transform.alias.text + "' cannot be placed next to itself",
                 add->placement.anchor->pos, "name another transform of the connector");
        }
    } else if (const auto* offsets = std::get_if<ast::AlterSetOffsets>(&statement.action)) {
        parse_offsets(*offsets);
    }
}

nlohmann::json parse_offsets(const ast::AlterSetOffsets& statement) {
    const ast::Value& text = statement.offsets_json;
    nlohmann::json body = nlohmann::json::parse(text.text, nullptr, false);
    const char* hint = "write it as PATCH /connectors/{name}/offsets takes it: "
                       "'{\"offsets\": [{\"partition\": {...}, \"offset\": {...}}]}'";
    if (body.is_discarded()) throw Error(ErrorKind::Compile, "SET OFFSETS takes JSON, and this is not JSON", text.pos, hint);
    if (!body.is_object() || !body.contains("offsets") || !body["offsets"].is_array()) {
        throw Error(ErrorKind::Compile, "SET OFFSETS takes an object with an \"offsets\" array", text.pos, hint);
    }
    for (const auto& entry : body["offsets"]) {
        if (!entry.is_object() || !entry.contains("partition") || !entry.contains("offset")) {
            throw Error(ErrorKind::Compile, "each entry of \"offsets\" needs a \"partition\" and an \"offset\"",
                        text.pos, hint);
        }
    }
    return body;
}

bool alter_changes_config(const ast::AlterAction& action) {
    return std::holds_alternative<ast::AlterSet>(action) || std::holds_alternative<ast::AlterUnset>(action) ||
           std::holds_alternative<ast::AlterAddTransform>(action) ||
           std::holds_alternative<ast::AlterDropTransform>(action);
}

Config compile_alter(const Config& live, const ast::AlterConnector& statement, const CompileContext&) {
    const std::string& name = statement.name.text;
    if (auto* set = std::get_if<ast::AlterSet>(&statement.action)) return alter_set(live, name, *set);
    if (auto* unset = std::get_if<ast::AlterUnset>(&statement.action)) return alter_unset(live, name, *unset);
    if (auto* add = std::get_if<ast::AlterAddTransform>(&statement.action)) return add_transform(live, name, *add);
    if (auto* drop = std::get_if<ast::AlterDropTransform>(&statement.action)) return drop_transform(live, name, *drop);
    throw std::logic_error("compile_alter: this ALTER does not change the config");
}

}  // namespace connql
