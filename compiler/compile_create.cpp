// CREATE [OR REPLACE] SOURCE|SINK CONNECTOR -> Connect config.
#include <cctype>

#include "compiler/aliases.h"
#include "compiler/clauses.h"
#include "compiler/compiler.h"
#include "compiler/durations.h"
#include "common/text.h"

namespace connql {

namespace {

using detail::ConfigBuilder;
using detail::fail;

const char* kind_word(ast::ConnectorKind kind) { return kind == ast::ConnectorKind::Sink ? "SINK" : "SOURCE"; }


class CreateCompiler {
public:
    CreateCompiler(const ast::CreateConnector& statement, const CompileContext& context)
        : s_(statement), context_(context) {}

    CompiledConnector run() {
        result_.name = s_.name.text;
        result_.kind = s_.kind;
        if (s_.name.text.empty()) fail(ErrorKind::Compile, "a connector name cannot be empty", s_.name.pos);
        // Seen on Kafka Connect 3.9: its REST layer reads a name as a URI template, so
        // `pg-{env}` is created and then answered 500 ("The template variable 'env' has no
        // value"), and cannot be deleted through a worker that forwards to the leader.
        if (s_.name.text.find_first_of("{}") != std::string::npos) {
            fail(ErrorKind::Compile, "a connector name cannot hold '{' or '}': Kafka Connect reads it as a URI template",
                 s_.name.pos, "Kafka Connect would create the connector and then fail every request that names it");
        }
        out_.set("name", s_.name.text, s_.name.pos, "the connector name");
        connector_class();
        with();
        check_kind();
        formats();
        transforms_and_predicates();
        on_error();
        retry();
        result_.config = out_.take();
        return std::move(result_);
    }

private:
    void warn(std::string message, Position pos, std::string hint = {}) {
        result_.warnings.push_back(Diagnostic{ErrorKind::Compile, std::move(message), pos, {}, std::move(hint)});
    }

    void connector_class() {
        if (!s_.using_class) return;
        if (s_.using_class->text.empty()) fail(ErrorKind::Compile, "USING needs a connector class", s_.using_class->pos);
        out_.set("connector.class", expand_connector_class(s_.using_class->text), s_.using_class->pos, "USING");
    }

    void with() {
        std::unordered_map<std::string, Position> seen;
        for (const ast::Property& property : s_.with) {
            detail::check_unique(seen, property.key, property.key_pos,
                                 "key '" + property.key + "' appears twice in WITH", "first given here",
                                 "keep one of them");
            if (property.key == "name") {
                if (property.value.text == s_.name.text) continue;
                if (context_.dialect == Dialect::Ksqldb) {  // ksqlDB silently overwrites it
                    warn("'name' in WITH is ignored: the connector is named '" + s_.name.text + "'", property.key_pos);
                    continue;
                }
                fail(ErrorKind::Compile,
                     "'name' in WITH is '" + property.value.text + "' but the connector is named '" + s_.name.text + "'",
                     property.value.pos, "the name comes from CREATE ... CONNECTOR <name>; remove 'name' from WITH");
            }
            if (property.key == "connector.class" && s_.using_class) {
                const std::string* from_using = out_.find("connector.class");
                if (property.value.text == s_.using_class->text || property.value.text == *from_using) continue;
                Diagnostic d{ErrorKind::Compile,
                             "'connector.class' in WITH ('" + property.value.text + "') disagrees with USING ('" +
                                 s_.using_class->text + "')",
                             property.value.pos, {{s_.using_class->pos, "USING given here"}}, "keep one of them"};
                throw Error(std::move(d));
            }
            if (s_.kind == ast::ConnectorKind::Source && starts_with(property.key, "errors.deadletterqueue.")) {
                warn("'" + property.key + "' has no effect on a source connector: Connect uses dead letter queues "
                         "for sink connectors only",
                     property.key_pos);
            }
            out_.set(property.key, property.value.text, property.key_pos, "'" + property.key + "' in WITH");
        }
    }

    void check_kind() {
        const std::string* class_name = out_.find("connector.class");
        if (class_name == nullptr) {
            Position at = s_.with_pos ? *s_.with_pos : s_.name.pos;
            fail(ErrorKind::Compile, "connector '" + s_.name.text + "' has no connector class", at,
                 "add USING 'FileStreamSource' (or another class or alias), or 'connector.class' in WITH");
        }
        auto kind = known_connector_kind(*class_name);
        if (kind && *kind != s_.kind) {
            Position at = s_.using_class ? s_.using_class->pos : s_.pos;
            fail(ErrorKind::Compile,
                 "'" + *class_name + "' is a " + std::string(*kind == ast::ConnectorKind::Sink ? "sink" : "source") +
                     " connector, but the statement creates a " + kind_word(s_.kind) + " connector",
                 at, std::string("write CREATE ") + kind_word(*kind) + " CONNECTOR");
        }
    }

    void formats() {
        for (const ast::FormatSpec& spec : s_.formats) {
            const char* target = spec.target == ast::FormatTarget::Key     ? "key"
                                 : spec.target == ast::FormatTarget::Value ? "value"
                                                                           : "header";
            const std::string prefix = std::string(target) + ".converter";
            const std::string by = "FORMAT " + to_upper(target);
            const FormatInfo* format = find_format(spec.format);
            bool header = spec.target == ast::FormatTarget::Header;
            if (format == nullptr || (header ? !format->header : !format->key_value)) {
                std::string allowed = header ? "STRING, JSON, BYTES, SIMPLE" : "STRING, JSON, BYTES, AVRO, PROTOBUF, JSON_SR";
                fail(ErrorKind::Compile, "unknown " + std::string(target) + " format '" + spec.format + "'", spec.pos,
                     "use one of: " + allowed);
            }
            out_.set(prefix, format->class_name, spec.pos, by);
            if (spec.with_schemas && std::string(format->name) != "JSON") {
                fail(ErrorKind::Compile, "WITH SCHEMAS applies to JSON only", spec.pos,
                     "AVRO, PROTOBUF and JSON_SR always carry schemas; JSON WITH SCHEMAS embeds them in each record");
            }
            if (std::string(format->name) == "JSON") {
                out_.set(prefix + ".schemas.enable", spec.with_schemas ? "true" : "false", spec.pos, by);
            }
            if (format->schema_registry && !out_.has(prefix + ".schema.registry.url")) {
                if (!context_.schema_registry_url) {
                    fail(ErrorKind::Compile, "FORMAT " + spec.format + " needs a schema registry URL", spec.pos,
                         "give the cluster a schema_registry_url, SET 'connql.schema.registry.url' = '...', or add '" +
                             prefix + ".schema.registry.url' to WITH");
                }
                out_.set(prefix + ".schema.registry.url", *context_.schema_registry_url, spec.pos, by);
            }
        }
    }

    void transforms_and_predicates() {
        // Declared predicates, so that WHEN can refer to one written before or after it.
        std::unordered_map<std::string, Position> declared;
        for (const ast::PredicateClause& predicate : s_.predicates) {
            detail::check_unique(declared, predicate.alias.text, predicate.alias.pos,
                                 "predicate '" + predicate.alias.text + "' is declared twice", "first declared here",
                                 "give each predicate its own alias");
        }
        auto predicate_exists = [&](const std::string& alias) {
            return declared.count(alias) > 0 || out_.has("predicates." + alias + ".type");
        };

        // The lists first, then each alias's keys: the order people write them in.
        std::vector<std::string> transform_aliases;
        std::unordered_map<std::string, Position> transform_at;
        for (const ast::TransformClause& transform : s_.transforms) {
            detail::check_unique(transform_at, transform.alias.text, transform.alias.pos,
                                 "transform '" + transform.alias.text + "' is declared twice", "first declared here",
                                 "give each transform its own alias");
            transform_aliases.push_back(transform.alias.text);
        }
        if (!transform_aliases.empty()) {
            out_.set("transforms", join_list(transform_aliases), s_.transforms.front().pos, "the TRANSFORM clauses");
        }
        std::vector<detail::InlinePredicate> inline_predicates;
        for (const ast::TransformClause& transform : s_.transforms) {
            detail::compile_transform(out_, transform, predicate_exists, inline_predicates);
        }

        std::vector<std::string> predicate_aliases;
        for (const ast::PredicateClause& predicate : s_.predicates) predicate_aliases.push_back(predicate.alias.text);
        for (const detail::InlinePredicate& predicate : inline_predicates) predicate_aliases.push_back(predicate.alias);
        if (!predicate_aliases.empty()) {
            Position at = !s_.predicates.empty() ? s_.predicates.front().pos : inline_predicates.front().when->pos;
            out_.set("predicates", join_list(predicate_aliases), at, "the PREDICATE and WHEN clauses");
        }
        for (const ast::PredicateClause& predicate : s_.predicates) {
            const std::string& alias = predicate.alias.text;
            if (alias.empty()) fail(ErrorKind::Compile, "a predicate alias cannot be empty", predicate.alias.pos);
            const std::string prefix = "predicates." + alias + ".";
            TypeLookup type = expand_predicate_type(predicate.type.text);
            if (!type.error.empty()) fail(ErrorKind::Compile, type.error, predicate.type.pos, type.hint);
            out_.set(prefix + "type", type.class_name, predicate.type.pos, "PREDICATE " + alias + " USING");
            for (const ast::Property& property : predicate.properties) {
                if (property.key == "type") {
                    fail(ErrorKind::Compile, "the type of predicate '" + alias + "' is given by USING, not in WITH",
                         property.key_pos, "remove 'type' from this WITH");
                }
                out_.set(prefix + property.key, property.value.text, property.key_pos, "WITH of PREDICATE " + alias);
            }
        }
        for (const detail::InlinePredicate& predicate : inline_predicates) {
            auto it = declared.find(predicate.alias);
            if (it != declared.end()) {
                Diagnostic d{ErrorKind::Compile,
                             "the inline WHEN generates predicate '" + predicate.alias +
                                 "', which a PREDICATE clause also declares",
                             predicate.when->pos, {{it->second, "declared here"}},
                             "rename that PREDICATE, or refer to it with WHEN " + predicate.alias};
                throw Error(std::move(d));
            }
            detail::compile_inline_predicate(out_, predicate);
        }
    }

    void on_error() {
        if (!s_.on_error) return;
        const ast::OnErrorClause& e = *s_.on_error;
        const std::string by = "ON ERROR";
        using Action = ast::OnErrorClause::Action;
        if (e.action == Action::DeadLetter && s_.kind == ast::ConnectorKind::Source) {
            fail(ErrorKind::Compile, "a dead letter topic applies to sink connectors only", e.pos,
                 "Connect ignores it for sources; use ON ERROR SKIP AND LOG [MESSAGES] to tolerate and log errors");
        }
        out_.set("errors.tolerance", e.action == Action::Fail ? "none" : "all", e.pos, by);
        if (e.action == Action::DeadLetter) {
            if (e.topic->text.empty()) fail(ErrorKind::Compile, "the dead letter topic name cannot be empty", e.topic->pos);
            const std::string* topics = out_.find("topics");
            if (topics != nullptr) {
                for (const std::string& topic : split_list(*topics)) {
                    if (topic == e.topic->text) {
                        fail(ErrorKind::Compile, "dead letter topic '" + topic + "' is also an input topic", e.topic->pos,
                             "Connect rejects a dead letter topic listed in 'topics': pick another name");
                    }
                }
            }
            out_.set("errors.deadletterqueue.topic.name", e.topic->text, e.topic->pos, by);
            if (e.context_headers) {
                out_.set("errors.deadletterqueue.context.headers.enable", "true", *e.context_headers, by);
            }
            if (e.replication_factor) {
                out_.set("errors.deadletterqueue.topic.replication.factor", e.replication_factor->text,
                         e.replication_factor->pos, by);
            }
        }
        if (e.log) out_.set("errors.log.enable", "true", e.pos, by);
        if (e.log_messages) out_.set("errors.log.include.messages", "true", e.pos, by);
    }

    std::string duration(const ast::Value& value, const char* what) {
        auto ms = parse_duration_ms(value.text);
        if (!ms || value.kind == ast::Value::Kind::Boolean || value.kind == ast::Value::Kind::Null) {
            fail(ErrorKind::Compile, std::string("'") + value.text + "' is not a duration for " + what, value.pos,
                 "write a number with a unit: '500ms', '30s', '10m', '1h', or a bare number of milliseconds");
        }
        return std::to_string(*ms);
    }

    void retry() {
        if (!s_.retry) return;
        const ast::RetryClause& r = *s_.retry;
        std::string timeout = r.timeout ? duration(*r.timeout, "RETRY ERRORS FOR") : "-1";
        out_.set("errors.retry.timeout", timeout, r.timeout ? r.timeout->pos : r.pos, "RETRY ERRORS");
        if (r.max_delay) {
            out_.set("errors.retry.delay.max.ms", duration(*r.max_delay, "MAX DELAY"), r.max_delay->pos,
                     "RETRY ERRORS ... MAX DELAY");
        }
    }

    const ast::CreateConnector& s_;
    const CompileContext& context_;
    ConfigBuilder out_;
    CompiledConnector result_;
};

}  // namespace

CompiledConnector compile_create(const ast::CreateConnector& statement, const CompileContext& context) {
    return CreateCompiler(statement, context).run();
}

}  // namespace connql
