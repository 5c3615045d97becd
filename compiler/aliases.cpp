#include "compiler/aliases.h"

#include "common/suggest.h"

namespace connql {

using ast::ConnectorKind;

const std::vector<ConnectorAlias>& connector_aliases() {
    static const std::vector<ConnectorAlias> aliases = {
        {"FileStreamSource", "org.apache.kafka.connect.file.FileStreamSourceConnector", ConnectorKind::Source},
        {"FileStreamSink", "org.apache.kafka.connect.file.FileStreamSinkConnector", ConnectorKind::Sink},
        {"MirrorSource", "org.apache.kafka.connect.mirror.MirrorSourceConnector", ConnectorKind::Source},
        {"MirrorCheckpoint", "org.apache.kafka.connect.mirror.MirrorCheckpointConnector", ConnectorKind::Source},
        {"MirrorHeartbeat", "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector", ConnectorKind::Source},
        {"DatagenConnector", "io.confluent.kafka.connect.datagen.DatagenConnector", ConnectorKind::Source},
        {"Datagen", "io.confluent.kafka.connect.datagen.DatagenConnector", ConnectorKind::Source},
        {"PostgresConnector", "io.debezium.connector.postgresql.PostgresConnector", ConnectorKind::Source},
        {"MySqlConnector", "io.debezium.connector.mysql.MySqlConnector", ConnectorKind::Source},
        {"SqlServerConnector", "io.debezium.connector.sqlserver.SqlServerConnector", ConnectorKind::Source},
        {"OracleConnector", "io.debezium.connector.oracle.OracleConnector", ConnectorKind::Source},
        {"MongoDbConnector", "io.debezium.connector.mongodb.MongoDbConnector", ConnectorKind::Source},
        {"DebeziumJdbcSink", "io.debezium.connector.jdbc.JdbcSinkConnector", ConnectorKind::Sink},
        {"JdbcSource", "io.confluent.connect.jdbc.JdbcSourceConnector", ConnectorKind::Source},
        {"JdbcSink", "io.confluent.connect.jdbc.JdbcSinkConnector", ConnectorKind::Sink},
        {"S3Sink", "io.confluent.connect.s3.S3SinkConnector", ConnectorKind::Sink},
        {"ElasticsearchSink", "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector", ConnectorKind::Sink},
    };
    return aliases;
}

std::string expand_connector_class(std::string_view text) {
    for (const ConnectorAlias& alias : connector_aliases()) {
        if (text == alias.alias) return alias.class_name;
    }
    return std::string(text);
}

std::optional<std::string> connector_alias_for(std::string_view class_name) {
    for (const ConnectorAlias& alias : connector_aliases()) {
        if (class_name == alias.class_name) return std::string(alias.alias);
    }
    return std::nullopt;
}

std::optional<ConnectorKind> known_connector_kind(std::string_view class_or_alias) {
    for (const ConnectorAlias& alias : connector_aliases()) {
        if (class_or_alias == alias.alias || class_or_alias == alias.class_name) return alias.kind;
    }
    return std::nullopt;
}

namespace {

struct TypeFamily {
    const char* name;
    const char* package;  // the class is package + "." + name [+ "$Key" / "$Value"]
    bool has_variants;
};

constexpr const char* kTransforms = "org.apache.kafka.connect.transforms";
constexpr const char* kPredicates = "org.apache.kafka.connect.transforms.predicates";

const std::vector<TypeFamily>& transform_families() {
    static const std::vector<TypeFamily> families = {
        {"Cast", kTransforms, true},
        {"DropHeaders", kTransforms, false},
        {"ExtractField", kTransforms, true},
        {"Filter", kTransforms, false},
        {"Flatten", kTransforms, true},
        {"HeaderFrom", kTransforms, true},
        {"HoistField", kTransforms, true},
        {"InsertField", kTransforms, true},
        {"InsertHeader", kTransforms, false},
        {"MaskField", kTransforms, true},
        {"RegexRouter", kTransforms, false},
        {"ReplaceField", kTransforms, true},
        {"SetSchemaMetadata", kTransforms, true},
        {"TimestampConverter", kTransforms, true},
        {"TimestampRouter", kTransforms, false},
        {"ValueToKey", kTransforms, false},
        {"ExtractNewRecordState", "io.debezium.transforms", false},
        {"ByLogicalTableRouter", "io.debezium.transforms", false},
        {"EventRouter", "io.debezium.transforms.outbox", false},
    };
    return families;
}

const std::vector<TypeFamily>& predicate_families() {
    static const std::vector<TypeFamily> families = {
        {"HasHeaderKey", kPredicates, false},
        {"RecordIsTombstone", kPredicates, false},
        {"TopicNameMatches", kPredicates, false},
    };
    return families;
}

std::vector<std::string> short_names(const std::vector<TypeFamily>& families) {
    std::vector<std::string> names;
    for (const TypeFamily& family : families) {
        if (family.has_variants) {
            names.push_back(std::string(family.name) + "$Key");
            names.push_back(std::string(family.name) + "$Value");
        } else {
            names.emplace_back(family.name);
        }
    }
    return names;
}

TypeLookup expand_type(std::string_view text, const std::vector<TypeFamily>& families, const char* what) {
    if (text.find('.') != std::string_view::npos) return {std::string(text), {}, {}};  // a class name
    std::string_view base = text;
    std::string_view variant;
    if (size_t dollar = text.find('$'); dollar != std::string_view::npos) {
        base = text.substr(0, dollar);
        variant = text.substr(dollar);
    }
    for (const TypeFamily& family : families) {
        if (base != family.name) continue;
        std::string class_name = std::string(family.package) + "." + family.name;
        if (family.has_variants) {
            if (variant == "$Key" || variant == "$Value") return {class_name + std::string(variant), {}, {}};
            return {{}, std::string(what) + " '" + std::string(text) + "' needs a variant",
                    "write '" + std::string(family.name) + "$Key' or '" + family.name + "$Value'"};
        }
        if (variant.empty()) return {class_name, {}, {}};
        return {{}, std::string(family.name) + " has no " + std::string(variant) + " variant",
                "write '" + std::string(family.name) + "'"};
    }
    std::string hint;
    if (auto guess = closest(text, short_names(families))) hint = "did you mean '" + *guess + "'? ";
    hint += "A name with dots is taken as a class name and passed unchanged.";
    return {{}, "unknown " + std::string(what) + " '" + std::string(text) + "'", hint};
}

std::optional<std::string> alias_for(std::string_view class_name, const std::vector<TypeFamily>& families) {
    for (const std::string& name : short_names(families)) {
        TypeLookup lookup = expand_type(name, families, "");
        if (lookup.class_name == class_name) return name;
    }
    return std::nullopt;
}

const std::vector<FormatInfo>& formats() {
    static const std::vector<FormatInfo> all = {
        {"STRING", "org.apache.kafka.connect.storage.StringConverter", false, true, true},
        {"JSON", kJsonConverter, false, true, true},
        {"BYTES", "org.apache.kafka.connect.converters.ByteArrayConverter", false, true, true},
        {"AVRO", "io.confluent.connect.avro.AvroConverter", true, true, false},
        {"PROTOBUF", "io.confluent.connect.protobuf.ProtobufConverter", true, true, false},
        {"JSON_SR", "io.confluent.connect.json.JsonSchemaConverter", true, true, false},
        {"SIMPLE", "org.apache.kafka.connect.storage.SimpleHeaderConverter", false, false, true},
    };
    return all;
}

}  // namespace

TypeLookup expand_transform_type(std::string_view text) {
    return expand_type(text, transform_families(), "transform type");
}
TypeLookup expand_predicate_type(std::string_view text) {
    return expand_type(text, predicate_families(), "predicate type");
}
std::optional<std::string> transform_alias_for(std::string_view class_name) {
    return alias_for(class_name, transform_families());
}
std::optional<std::string> predicate_alias_for(std::string_view class_name) {
    return alias_for(class_name, predicate_families());
}
std::vector<std::string> transform_short_names() { return short_names(transform_families()); }
std::vector<std::string> predicate_short_names() { return short_names(predicate_families()); }

const FormatInfo* find_format(std::string_view name) {
    for (const FormatInfo& format : formats()) {
        if (name == format.name) return &format;
    }
    return nullptr;
}

const FormatInfo* format_for_class(std::string_view class_name) {
    for (const FormatInfo& format : formats()) {
        if (class_name == format.class_name) return &format;
    }
    return nullptr;
}

std::vector<std::string> format_names() {
    std::vector<std::string> names;
    for (const FormatInfo& format : formats()) names.emplace_back(format.name);
    return names;
}

}  // namespace connql

namespace connql {

std::string expand_plugin_name(std::string_view text) {
    std::string connector = expand_connector_class(text);
    if (connector != text) return connector;
    TypeLookup transform = expand_transform_type(text);
    if (transform.error.empty()) return transform.class_name;
    TypeLookup predicate = expand_predicate_type(text);
    if (predicate.error.empty()) return predicate.class_name;
    return std::string(text);
}

}  // namespace connql
