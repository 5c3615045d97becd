#include "compiler/clauses.h"

#include "compiler/aliases.h"

namespace connql::detail {

void fail(ErrorKind kind, std::string message, Position pos, std::string hint) {
    throw Error(kind, std::move(message), pos, std::move(hint));
}

void check_unique(std::unordered_map<std::string, Position>& seen, const std::string& name, Position pos,
                  const std::string& message, const std::string& first_note, const std::string& hint) {
    auto [it, inserted] = seen.try_emplace(name, pos);
    if (inserted) return;
    throw Error(Diagnostic{ErrorKind::Compile, message, pos, {{it->second, first_note}}, hint});
}

void ConfigBuilder::set(const std::string& key, std::string value, Position pos, const std::string& by) {
    auto [it, inserted] = origins_.try_emplace(key, Origin{pos, by});
    if (!inserted) {
        const Origin& first = it->second;
        std::string message = "'" + key + "' is set twice: by " + by + " and by " + first.by;
        Diagnostic d{kind_, message, pos, {{first.pos, "first set here, by " + first.by}},
                     "set each key once: drop one of them"};
        throw Error(std::move(d));
    }
    config_.set(key, std::move(value));
}


void compile_transform(ConfigBuilder& out, const ast::TransformClause& transform,
                       const std::function<bool(const std::string&)>& predicate_exists,
                       std::vector<InlinePredicate>& inline_predicates) {
    const std::string& alias = transform.alias.text;
    if (alias.empty()) fail(ErrorKind::Compile, "a transform alias cannot be empty", transform.alias.pos);
    const std::string prefix = "transforms." + alias + ".";
    const std::string by = "TRANSFORM " + alias;

    TypeLookup type = expand_transform_type(transform.type.text);
    if (!type.error.empty()) fail(ErrorKind::Compile, type.error, transform.type.pos, type.hint);
    out.set(prefix + "type", std::move(type.class_name), transform.type.pos, by + " USING");

    for (const ast::Property& property : transform.properties) {
        if (property.key == "type") {
            fail(ErrorKind::Compile, "the type of transform '" + alias + "' is given by USING, not in WITH",
                 property.key_pos, "remove 'type' from this WITH");
        }
        out.set(prefix + property.key, property.value.text, property.key_pos, "WITH of " + by);
    }

    if (!transform.when) return;
    const ast::When& when = *transform.when;
    std::string predicate;
    if (when.kind == ast::When::Kind::Named) {
        predicate = when.argument;
        if (!predicate_exists(predicate)) {
            fail(ErrorKind::Compile, "transform '" + alias + "' uses predicate '" + predicate + "', which is not declared",
                 when.argument_pos,
                 "declare it with PREDICATE " + predicate +
                     " USING '...', or use an inline form: WHEN TOMBSTONE, WHEN TOPIC MATCHES '...', "
                     "WHEN HEADER '...' EXISTS");
        }
    } else {
        predicate = inline_predicate_alias(alias, when.kind);
        inline_predicates.push_back({predicate, &when});
    }
    out.set(prefix + "predicate", predicate, when.pos, "WHEN of " + by);
    if (when.negate) out.set(prefix + "negate", "true", when.pos, "WHEN NOT of " + by);
}

void compile_inline_predicate(ConfigBuilder& out, const InlinePredicate& predicate) {
    const std::string prefix = "predicates." + predicate.alias + ".";
    const std::string by = "the WHEN clause that generates predicate " + predicate.alias;
    const ast::When& when = *predicate.when;
    switch (when.kind) {
        case ast::When::Kind::Tombstone:
            out.set(prefix + "type", expand_predicate_type("RecordIsTombstone").class_name, when.pos, by);
            break;
        case ast::When::Kind::TopicMatches:
            if (when.argument.empty()) fail(ErrorKind::Compile, "TOPIC MATCHES needs a non-empty regex", when.argument_pos);
            out.set(prefix + "type", expand_predicate_type("TopicNameMatches").class_name, when.pos, by);
            out.set(prefix + "pattern", when.argument, when.argument_pos, by);
            break;
        case ast::When::Kind::HeaderExists:
            if (when.argument.empty()) fail(ErrorKind::Compile, "HEADER ... EXISTS needs a header name", when.argument_pos);
            out.set(prefix + "type", expand_predicate_type("HasHeaderKey").class_name, when.pos, by);
            out.set(prefix + "name", when.argument, when.argument_pos, by);
            break;
        case ast::When::Kind::Named:
            break;
    }
}

}  // namespace connql::detail

namespace connql {

std::string inline_predicate_alias(const std::string& transform, ast::When::Kind kind) {
    switch (kind) {
        case ast::When::Kind::Tombstone: return transform + "_is_tombstone";
        case ast::When::Kind::TopicMatches: return transform + "_topic_matches";
        case ast::When::Kind::HeaderExists: return transform + "_has_header";
        case ast::When::Kind::Named: break;
    }
    return transform;
}

}  // namespace connql
