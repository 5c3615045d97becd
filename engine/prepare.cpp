#include "engine/prepare.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "compiler/properties.h"
#include "compiler/secrets.h"
#include "engine/session.h"

namespace connql {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Usage, "cannot read '" + path + "'", {}, "check that the file exists and is readable");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string PreparedStatement::masked_text() const { return query_mask(statement.text); }

std::string PreparedScript::location(const PreparedStatement& statement) const {
    return inputs[statement.input].origin + ":" + std::to_string(statement.statement.pos.line);
}

namespace {

// One overload per statement kind and no catch-all: a new kind in ast::StatementNode
// does not compile until it says what it needs.
struct TraitsOf {
    StatementTraits changes() const { return {true, true, false}; }
    StatementTraits reads() const { return {false, true, false}; }
    StatementTraits local() const { return {false, false, false}; }

    StatementTraits operator()(const ast::CreateConnector&) const { return changes(); }
    StatementTraits operator()(const ast::AlterConnector&) const { return changes(); }
    StatementTraits operator()(const ast::DropConnector&) const { return changes(); }
    StatementTraits operator()(const ast::LifecycleConnector&) const { return changes(); }
    StatementTraits operator()(const ast::RestartConnector&) const { return changes(); }
    StatementTraits operator()(const ast::RestartTask&) const { return changes(); }
    StatementTraits operator()(const ast::ShowConnectors&) const { return reads(); }
    StatementTraits operator()(const ast::DescribeConnector&) const { return reads(); }
    StatementTraits operator()(const ast::ShowCreateConnector&) const { return reads(); }
    StatementTraits operator()(const ast::ShowPlugins&) const { return reads(); }
    StatementTraits operator()(const ast::DescribePlugin&) const { return reads(); }
    StatementTraits operator()(const ast::ShowConnectorOffsets&) const { return reads(); }
    StatementTraits operator()(const ast::ShowConnectorTopics&) const { return reads(); }
    // The connector's config from Connect, then its dead letter topic from the brokers.
    StatementTraits operator()(const ast::ShowConnectorErrors&) const { return {false, true, true}; }
    StatementTraits operator()(const ast::ShowTopics&) const { return {false, false, true}; }
    StatementTraits operator()(const ast::PrintTopic&) const { return {false, false, true}; }
    StatementTraits operator()(const ast::Explain& s) const {
        // EXPLAIN ALTER reads the live config; EXPLAIN CREATE needs nothing.
        return std::holds_alternative<ast::AlterConnector>(s.target) ? reads() : local();
    }
    StatementTraits operator()(const ast::Validate&) const { return reads(); }
    StatementTraits operator()(const ast::DefineVariable&) const { return local(); }
    StatementTraits operator()(const ast::UndefineVariable&) const { return local(); }
    StatementTraits operator()(const ast::ShowVariables&) const { return local(); }
    StatementTraits operator()(const ast::SetProperty&) const { return local(); }
    StatementTraits operator()(const ast::UnsetProperty&) const { return local(); }
    StatementTraits operator()(const ast::UseCluster&) const { return local(); }
    StatementTraits operator()(const ast::ShowClusters&) const { return local(); }
    StatementTraits operator()(const ast::ShowProperties&) const { return local(); }
    StatementTraits operator()(const ast::ShowKsqlEntities&) const { return local(); }
    StatementTraits operator()(const ast::RunScript&) const { return local(); }
};

constexpr int kMaxScriptDepth = 16;

std::string directory_of(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// What the statements before this one made of the session, as far as checks need:
// a simulation, so that nothing is applied before the whole script is accepted.
struct SimulatedSession {
    bool has_connect = false;
    bool has_kafka = false;
    CompileContext compile;
    std::optional<std::string> initial_registry;
};

class Preparer {
public:
    Preparer(ParseState& state, const Session& session, const PrepareOptions& options)
        : state_(state), session_(session), options_(options) {
        const std::optional<ClusterConfig>& cluster = session.cluster();
        simulated_.has_connect = cluster.has_value();
        simulated_.has_kafka = cluster && !cluster->bootstrap_servers.empty();
        simulated_.compile = session.compile_context();
        simulated_.initial_registry = simulated_.compile.schema_registry_url;
    }

    // An error is returned or thrown, never caught here to be annotated and thrown
    // again (each throw unwinds anew, a cost a server answering malformed requests
    // pays per request): `where_` says what was being read, and annotate()
    // completes the error once. A syntax error is returned: the parser found it
    // without throwing.
    std::optional<Error> add(size_t input, int depth) {
        const ScriptInput& source = script_.inputs[input];
        where_ = {input, std::nullopt};
        std::variant<std::vector<ast::Statement>, Error> parsed = parse_script_or_error(source.text, state_, options_.syntax_check);
        if (Error* error = std::get_if<Error>(&parsed)) return std::move(*error);
        for (ast::Statement& statement : std::get<std::vector<ast::Statement>>(parsed)) {
            where_ = {input, statement.pos};
            // RUN SCRIPT's add() is its last step: where_ stays right.
            if (std::optional<Error> error = visit(statement, input, depth)) return error;
        }
        return std::nullopt;
    }

    // The input the error is in, and the statement's position for an error that has none.
    void annotate(Error& error) const {
        Diagnostic& d = error.diagnostic();
        if (d.origin.empty()) d.origin = script_.inputs[where_.input].origin;
        if (d.pos.line == 0 && where_.statement) d.pos = *where_.statement;
    }

    PreparedScript take() { return std::move(script_); }
    PreparedScript& script() { return script_; }

private:
    std::optional<Error> visit(ast::Statement& statement, size_t input, int depth) {
        if (auto* run = std::get_if<ast::RunScript>(&statement.node)) {
            return include(*run, input, depth);  // its statements stand in its place
        }
        PreparedStatement prepared;
        prepared.input = input;
        prepared.traits = traits_of(statement.node);
        simulated_.compile.dialect = statement.dialect;
        check_cluster(prepared.traits, statement);
        std::visit([&](auto& node) { check(node, prepared); }, statement.node);
        prepared.statement = std::move(statement);
        script_.statements.push_back(std::move(prepared));
        return std::nullopt;
    }

    void check_cluster(const StatementTraits& traits, const ast::Statement& statement) {
        if (!options_.require_cluster) return;
        if (traits.needs_connect && !simulated_.has_connect) {
            throw Error(ErrorKind::Usage, "no Kafka Connect cluster is configured", statement.pos,
                        "give --connect-url URL or --cluster NAME, set CONNQL_CONNECT_URL, add a cluster to "
                        "~/.config/connql/clusters.json, or start a local one with scripts/cluster up");
        }
        if (traits.needs_kafka && !simulated_.has_kafka) {
            throw Error(ErrorKind::Usage, "no Kafka brokers are configured (SHOW TOPICS, PRINT and SHOW ERRORS read from them)",
                        statement.pos,
                        "set CONNQL_BOOTSTRAP_SERVERS, or give the cluster's entry in the config file "
                        "\"bootstrap_servers\"");
        }
    }

    // A value that is the mask text would write the placeholder into the live
    // config (SHOW CREATE output of another tool, or an old one of ours, run as is).
    static void check_not_mask(const ast::Properties& properties) {
        for (const ast::Property& property : properties) {
            if (!is_mask_text(property.value.text)) continue;
            throw Error(ErrorKind::Compile,
                        "the value of '" + property.key + "' is the mask connql prints in place of a secret, not the secret",
                        property.value.pos,
                        "write the secret itself, a variable ('${name}' with DEFINE or --define), or a config provider "
                        "reference ('${file:/path:key}')");
        }
    }
    static void check_not_mask(const ast::CreateConnector& node) {
        check_not_mask(node.with);
        for (const ast::TransformClause& transform : node.transforms) check_not_mask(transform.properties);
        for (const ast::PredicateClause& predicate : node.predicates) check_not_mask(predicate.properties);
    }

    void check(const ast::CreateConnector& node, PreparedStatement& prepared) {
        check_not_mask(node);
        prepared.compiled = compile_create(node, simulated_.compile);
    }
    void check(const ast::Explain& node, PreparedStatement& prepared) {
        if (const auto* create = std::get_if<ast::CreateConnector>(&node.target)) {
            check_not_mask(*create);
            prepared.compiled = compile_create(*create, simulated_.compile);
        } else {
            check(std::get<ast::AlterConnector>(node.target), prepared);
        }
    }
    void check(const ast::Validate& node, PreparedStatement& prepared) {
        check_not_mask(node.target);
        prepared.compiled = compile_create(node.target, simulated_.compile);  // rejects a CREATE without a class
    }
    void check(const ast::AlterConnector& node, PreparedStatement& prepared) {
        if (const auto* set = std::get_if<ast::AlterSet>(&node.action)) check_not_mask(set->properties);
        if (const auto* add = std::get_if<ast::AlterAddTransform>(&node.action)) check_not_mask(add->transform.properties);
        check_alter(node);
        if (const auto* offsets = std::get_if<ast::AlterSetOffsets>(&node.action)) prepared.offsets = parse_offsets(*offsets);
    }
    void check(const ast::SetProperty& node, PreparedStatement& prepared) {
        if (auto warning = check_property(node.property.text, node.value.text, node.property.pos, node.value.pos)) {
            prepared.warnings.push_back(*warning);
        }
        if (node.property.text == "connql.schema.registry.url") simulated_.compile.schema_registry_url = node.value.text;
    }
    void check(const ast::UnsetProperty& node, PreparedStatement&) {
        const std::string& name = node.property.text;
        if (name.rfind("connql.", 0) == 0) {
            bool known = false;
            for (const PropertyInfo& property : connql_properties()) known = known || name == property.name;
            if (!known) check_property(name, "", node.property.pos, node.property.pos);  // throws with a suggestion
        }
        if (name == "connql.schema.registry.url") simulated_.compile.schema_registry_url = simulated_.initial_registry;
    }
    void check(const ast::UseCluster& node, PreparedStatement&) {
        const ClusterConfig* cluster = session_.directory().find(node.cluster.text);
        if (cluster == nullptr) {
            throw Error(ErrorKind::Usage, "no cluster named '" + node.cluster.text + "' in the config file",
                        node.cluster.pos, session_.directory().describe_names());
        }
        simulated_.has_connect = true;
        simulated_.has_kafka = !cluster->bootstrap_servers.empty();
        if (!cluster->schema_registry_url.empty()) simulated_.compile.schema_registry_url = cluster->schema_registry_url;
    }
    template <typename Other>
    void check(const Other&, PreparedStatement&) {}  // nothing to check before it runs

    std::optional<Error> include(const ast::RunScript& run, size_t from, int depth) {
        if (depth >= kMaxScriptDepth) {
            throw Error(ErrorKind::Compile, "RUN SCRIPT nests more than " + std::to_string(kMaxScriptDepth) + " deep",
                        run.path.pos, "a script probably runs itself");
        }
        std::string path = run.path.text;
        if (!path.empty() && path[0] != '/') path = directory_of(script_.inputs[from].origin) + path;
        std::string text;
        try {
            text = options_.reader(path);
        } catch (const Error& error) {
            throw Error(ErrorKind::Compile, error.diagnostic().message, run.path.pos, error.diagnostic().hint);
        }
        script_.inputs.push_back({path, std::move(text)});
        return add(script_.inputs.size() - 1, depth + 1);
    }

    struct Where {
        size_t input = 0;
        std::optional<Position> statement;  // nullopt while the input is parsed
    };

    PreparedScript script_;
    Where where_;
    ParseState& state_;
    const Session& session_;
    const PrepareOptions& options_;
    SimulatedSession simulated_;
};

}  // namespace

StatementTraits traits_of(const ast::StatementNode& node) { return std::visit(TraitsOf{}, node); }

std::variant<PreparedScript, Error> prepare_or_error(const std::vector<ScriptInput>& inputs, Session& session,
                                                     const PrepareOptions& options, std::vector<ScriptInput>* read_inputs) {
    ParseState working = session.parse_state();  // a failed script leaves the session as it was
    Preparer preparer(working, session, options);
    size_t given = inputs.size();
    preparer.script().inputs = inputs;
    std::optional<Error> failed;
    try {
        for (size_t i = 0; i < given && !failed; ++i) failed = preparer.add(i, 0);
    } catch (Error& error) {
        failed = std::move(error);
    }
    if (failed) {
        preparer.annotate(*failed);
        if (read_inputs != nullptr) *read_inputs = preparer.script().inputs;
        return std::move(*failed);
    }
    session.parse_state() = std::move(working);
    return preparer.take();
}

PreparedScript prepare(const std::vector<ScriptInput>& inputs, Session& session, const PrepareOptions& options,
                       std::vector<ScriptInput>* read_inputs) {
    std::variant<PreparedScript, Error> prepared = prepare_or_error(inputs, session, options, read_inputs);
    if (Error* error = std::get_if<Error>(&prepared)) throw std::move(*error);
    return std::move(std::get<PreparedScript>(prepared));
}

std::string render_error(const Error& error, const std::vector<ScriptInput>& inputs) {
    const Diagnostic& d = error.diagnostic();
    for (const ScriptInput& input : inputs) {
        // The quoted line must not show a secret the script was written with.
        if (input.origin == d.origin) return render(d, Source{input.origin, mask_source(input.text)});
    }
    return render(d, Source{d.origin, {}});
}

}  // namespace connql
