// The short names connql accepts for connector classes, transforms, predicates and
// formats, and their inverse for SHOW CREATE CONNECTOR.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.h"

namespace connql {

struct ConnectorAlias {
    const char* alias;
    const char* class_name;
    ast::ConnectorKind kind;
};
const std::vector<ConnectorAlias>& connector_aliases();

// USING 'x': a known alias becomes its class; anything else passes unchanged
// (Connect itself resolves simple class names).
std::string expand_connector_class(std::string_view text);
// The alias that expands to `class_name`, if any.
std::optional<std::string> connector_alias_for(std::string_view class_name);
// DESCRIBE PLUGIN 'x': whatever USING, TRANSFORM ... USING or PREDICATE ... USING
// accept (a connector alias, 'Cast$Value', 'RegexRouter', 'TopicNameMatches') becomes
// its class; anything else passes unchanged for Connect to resolve.
std::string expand_plugin_name(std::string_view text);
// The kind of a class connql knows, by class name or alias.
std::optional<ast::ConnectorKind> known_connector_kind(std::string_view class_or_alias);

// A transform or predicate type: the class, or an error message with a suggestion.
struct TypeLookup {
    std::string class_name;  // set on success
    std::string error;       // set on failure
    std::string hint;
};
TypeLookup expand_transform_type(std::string_view text);
TypeLookup expand_predicate_type(std::string_view text);
std::optional<std::string> transform_alias_for(std::string_view class_name);
std::optional<std::string> predicate_alias_for(std::string_view class_name);
std::vector<std::string> transform_short_names();  // every accepted short type, variants spelled out
std::vector<std::string> predicate_short_names();

// Converter formats of FORMAT KEY|VALUE|HEADER.
struct FormatInfo {
    const char* name;        // JSON
    const char* class_name;  // org.apache.kafka.connect.json.JsonConverter
    bool schema_registry;    // needs <prefix>.schema.registry.url
    bool key_value;          // usable as key/value converter
    bool header;             // usable as header converter
};
const FormatInfo* find_format(std::string_view name);  // upper-case name
const FormatInfo* format_for_class(std::string_view class_name);
std::vector<std::string> format_names();

constexpr const char* kJsonConverter = "org.apache.kafka.connect.json.JsonConverter";

}  // namespace connql
