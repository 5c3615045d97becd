#include "server/statement_api.h"

#include "compiler/properties.h"
#include "compiler/secrets.h"
#include "engine/runner.h"
#include "parser/variables.h"
#include "render/entities.h"
#include "render/errors.h"

namespace connql::server {

namespace {

using Json = nlohmann::json;
using Ordered = nlohmann::ordered_json;

const char* const kOrigin = "<request>";

// nlohmann's message names where the JSON broke; what it last read (which may be a
// piece of a secret) is left out.
std::string json_problem(const Json::parse_error& error) {
    std::string message = error.what();
    if (size_t bracket = message.find("] "); bracket != std::string::npos) message = message.substr(bracket + 2);
    if (size_t last = message.find("; last read"); last != std::string::npos) message = message.substr(0, last);
    return message;
}

std::string scalar_text(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// Thrown while reading a request: answered as ksqlDB's BAD_REQUEST.
struct BadRequest {
    std::string message;
};

const Json* member(const Json& body, const char* name) {
    auto it = body.find(name);
    return it == body.end() || it->is_null() ? nullptr : &*it;
}

std::string statement_text(const Json& body, StatementEndpoint endpoint) {
    const Json* text = member(body, endpoint == StatementEndpoint::Native ? "sql" : "ksql");
    if (text == nullptr && endpoint == StatementEndpoint::Native) text = member(body, "ksql");
    if (text == nullptr) return "";  // ksqlDB treats a null ksql as ""
    if (!text->is_string()) throw BadRequest{"\"ksql\" must be a string of statements"};
    return text->get<std::string>();
}

void seed_variables(const Json& body, const char* field, Session& session) {
    const Json* variables = member(body, field);
    if (variables == nullptr) return;
    if (!variables->is_object()) throw BadRequest{std::string("\"") + field + "\" must be an object of name: value"};
    for (const auto& [name, value] : variables->items()) {
        if (!is_variable_name(name)) {
            throw BadRequest{"variable name '" + name + "' in \"" + field + "\" is not letters, digits and _"};
        }
        if (value.is_object() || value.is_array()) throw BadRequest{"variable '" + name + "' must have a plain value"};
        session.parse_state().variables.define(name, scalar_text(value));
    }
}

// connql.* properties are checked and set; others (ksqlDB's own, which clients
// send by habit: ksql.streams.auto.offset.reset) change nothing about connectors.
void seed_properties(const Json& body, const char* field, Session& session) {
    const Json* properties = member(body, field);
    if (properties == nullptr) return;
    if (!properties->is_object()) throw BadRequest{std::string("\"") + field + "\" must be an object of name: value"};
    for (const auto& [name, value] : properties->items()) {
        if (name.rfind("connql.", 0) != 0) continue;
        const std::string text = scalar_text(value);
        check_property(name, text, {}, {});  // throws (Compile) for a bad value or an unknown name
        session.set_property(name, text);
    }
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// What ksqlDB's clients require of a statement's answer: the npm client rejects an
// entity without commandId or commandSequenceNumber, the Java client's
// executeStatement wants commandId and commandStatus (docs/server.md).
void add_command_fields(Ordered& entity, long long sequence) {
    entity["commandId"] = "connql/statement/" + std::to_string(sequence);
    entity["commandSequenceNumber"] = sequence;
    std::string message = entity.contains("message") && entity["message"].is_string()
                              ? entity["message"].get<std::string>()
                              : std::string("Executed");
    entity["commandStatus"] = {{"status", "SUCCESS"}, {"message", message}, {"queryId", nullptr}};
}

// Collects the entities of a run as they come, as JSON text (SHOW CONNECTORS' rows
// are written without a tree: render_entity_parts).
class EntitySink : public ResultSink {
public:
    EntitySink(StatementEndpoint endpoint, std::atomic<long long>& sequence) : endpoint_(endpoint), sequence_(sequence) {}

    void on_outcome(const PreparedScript&, const PreparedStatement& statement, const StatementOutcome& outcome) override {
        // As ksqlDB: the entities are those of the statements that succeeded.
        if (!outcome.result || outcome.failed()) return;
        std::optional<EntityParts> entity = render_entity_parts(*outcome.result);
        if (!entity) return;
        if (endpoint_ == StatementEndpoint::Ksql) {
            long long sequence = statement.traits.changes_cluster ? ++sequence_ : sequence_.load();
            add_command_fields(entity->fields, sequence);
        }
        entities.push_back(entity->text());
    }

    // The entities' texts, each already JSON.
    std::vector<std::string> entities;

private:
    StatementEndpoint endpoint_;
    std::atomic<long long>& sequence_;
};

// A JSON array of entities already written as text.
std::string array_text(const std::vector<std::string>& entities) {
    size_t size = 2;
    for (const std::string& entity : entities) size += entity.size() + 1;
    std::string out;
    out.reserve(size);
    out += '[';
    for (const std::string& entity : entities) {
        if (out.size() > 1) out += ',';
        out += entity;
    }
    out += ']';
    return out;
}

ApiAnswer text_answer(int status, std::string text, bool mask) {
    ApiAnswer answer;
    answer.status = status;
    answer.body = mask ? mask_embedded_credentials(std::move(text)) : std::move(text);
    return answer;
}

ApiAnswer json_answer(int status, const Ordered& json, bool mask) {
    ApiAnswer answer;
    answer.status = status;
    answer.body = response_body(json, mask);
    return answer;
}

ApiAnswer statement_error_answer(const Error& error, const std::string& text, const std::vector<std::string>& entities,
                                 StatementEndpoint endpoint, bool mask) {
    // ksqlDB's statement_error carries the entities that succeeded as a tree (a rare answer).
    Ordered succeeded = Ordered::array();
    for (const std::string& entity : entities) succeeded.push_back(Ordered::parse(entity));
    Ordered entity = error_entity(error, text, succeeded);
    int status = error_code_of(error).http_status;
    if (endpoint != StatementEndpoint::Native) return json_answer(status, entity, mask);
    // As `connql run --output json` prints it: what succeeded, then the error.
    std::vector<std::string> all = entities;
    all.push_back(response_body(entity, false));
    return text_answer(status, array_text(all), mask);
}

}  // namespace

std::string response_body(const nlohmann::ordered_json& json, bool mask) {
    std::string text = json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return mask ? mask_embedded_credentials(std::move(text)) : text;
}

ApiAnswer generic_error(int status, int error_code, const std::string& message) {
    ApiAnswer answer;
    answer.status = status;
    answer.body = response_body({{"@type", "generic_error"}, {"error_code", error_code}, {"message", message}}, true);
    return answer;
}

std::variant<ApiAnswer, PreparedRequest> StatementApi::prepare(StatementEndpoint endpoint, const std::string& body_text,
                                                                auth::Role role) const {
    std::optional<std::string> asked;
    std::variant<ApiAnswer, PreparedRequest> prepared = prepare_request(endpoint, body_text, role, asked);
    // The access log shows what was asked (it masks the text itself).
    if (auto* answer = std::get_if<ApiAnswer>(&prepared)) answer->statement = std::move(asked);
    return prepared;
}

std::variant<ApiAnswer, PreparedRequest> StatementApi::prepare_request(StatementEndpoint endpoint, const std::string& body_text,
                                                                        auth::Role role,
                                                                        std::optional<std::string>& asked) const {
    const bool mask = !base_.show_secrets();
    Json body;
    try {
        body = Json::parse(body_text.empty() ? std::string("{}") : body_text);
    } catch (const Json::parse_error& error) {
        return generic_error(400, 40000, "Invalid JSON in request: " + json_problem(error));
    }
    if (!body.is_object()) return generic_error(400, 40000, "the request body must be a JSON object, as {\"ksql\": \"...\"}");

    PreparedRequest request;
    request.endpoint = endpoint;
    request.session = std::make_unique<Session>(base_.fork());
    Session& session = *request.session;
    try {
        request.text = statement_text(body, endpoint);
        if (!request.text.empty()) asked = request.text;
        if (endpoint != StatementEndpoint::Native) {
            session.parse_state().dialect = session.parse_state().default_dialect = Dialect::Ksqldb;
            seed_variables(body, "sessionVariables", session);
            seed_properties(body, "streamsProperties", session);
        } else {
            if (const Json* dialect = member(body, "dialect")) {
                Dialect chosen;
                if (!dialect->is_string() || !parse_dialect(dialect->get<std::string>(), chosen)) {
                    throw BadRequest{"\"dialect\" is \"connql\" or \"ksqldb\""};
                }
                session.parse_state().dialect = session.parse_state().default_dialect = chosen;
            }
            seed_variables(body, "variables", session);
            seed_properties(body, "properties", session);
        }
    } catch (const BadRequest& bad) {
        return generic_error(400, 40000, bad.message);
    } catch (const Error& error) {
        return statement_error_answer(error, "", {}, endpoint, mask);
    }

    PrepareOptions options;
    options.syntax_check = SyntaxCheck::WalkFirst;  // requests are untrusted: malformed ones are answered cheaply
    // RUN SCRIPT would read the server's own disk.
    options.reader = [](const std::string& path) -> std::string {
        throw Error(ErrorKind::Compile, "RUN SCRIPT '" + path + "' is not allowed on the server: it would read the server's disk",
                    {}, "send the script's statements in the request instead");
    };
    std::variant<PreparedScript, Error> prepared = prepare_or_error({{kOrigin, request.text}}, session, options);
    if (const Error* error = std::get_if<Error>(&prepared)) {
        return statement_error_answer(*error, query_mask(request.text), {}, endpoint, mask);
    }
    request.script = std::move(std::get<PreparedScript>(prepared));
    if (request.script.statements.size() > limits_.max_statements) {
        return generic_error(400, 40000, "the request has " + std::to_string(request.script.statements.size()) +
                                             " statements; the server takes at most " +
                                             std::to_string(limits_.max_statements) + " a request (split it)");
    }
    if (endpoint == StatementEndpoint::Query &&
        (request.script.statements.size() != 1 ||
         !std::holds_alternative<ast::PrintTopic>(request.script.statements[0].statement.node))) {
        return generic_error(400, 40001, "only one PRINT runs on /query (connql has no SELECT): send other statements to /ksql");
    }
    for (const PreparedStatement& statement : request.script.statements) {
        const ast::StatementNode& node = statement.statement.node;
        if (endpoint == StatementEndpoint::Ksql && std::holds_alternative<ast::PrintTopic>(node)) {
            return generic_error(400, 40002, "PRINT streams records: send it to the /query endpoint");
        }
        if (!auth::allows(role, statement.traits.changes_cluster)) {
            const Position pos = statement.statement.pos;
            return generic_error(403, 40300,
                                 "the read role may not run '" + query_mask(first_line(statement.statement.text)) +
                                     "' (line " + std::to_string(pos.line) +
                                     "): it changes the cluster. Nothing in this request was run");
        }
        request.needs_cluster =
            request.needs_cluster || statement.traits.needs_connect || statement.traits.needs_kafka;
    }
    return request;
}

ApiAnswer StatementApi::run(PreparedRequest request) {
    const std::string text = request.text;
    std::variant<std::vector<std::string>, ApiAnswer> ran = run_statements(std::move(request));
    ApiAnswer answer = std::holds_alternative<ApiAnswer>(ran)
                           ? std::move(std::get<ApiAnswer>(ran))
                           : text_answer(200, array_text(std::get<std::vector<std::string>>(ran)), !base_.show_secrets());
    answer.statement = text;
    return answer;
}

std::variant<std::vector<std::string>, ApiAnswer> StatementApi::run_statements(PreparedRequest request) {
    if (request.script.statements.empty()) return std::vector<std::string>();
    EntitySink sink(request.endpoint, sequence_);
    Runner runner(*request.session);
    RunReport report = runner.run_prepared(std::move(request.script), sink);
    if (std::optional<size_t> failure = report.first_failure()) {
        const StatementOutcome& outcome = report.outcomes[*failure];
        return statement_error_answer(*outcome.error, report.script.statements[*failure].masked_text(), sink.entities,
                                      request.endpoint, !base_.show_secrets());
    }
    return std::move(sink.entities);
}

ApiAnswer StatementApi::connectors() {
    const std::string sql = "SHOW CONNECTORS;";
    std::variant<ApiAnswer, PreparedRequest> prepared =
        prepare(StatementEndpoint::Native, Json{{"sql", sql}}.dump(), auth::Role::Read);
    if (auto* answer = std::get_if<ApiAnswer>(&prepared)) return std::move(*answer);
    std::variant<std::vector<std::string>, ApiAnswer> ran = run_statements(std::move(std::get<PreparedRequest>(prepared)));
    // One object, not a list of one.
    ApiAnswer answer = std::holds_alternative<ApiAnswer>(ran)
                           ? std::move(std::get<ApiAnswer>(ran))
                           : text_answer(200, std::move(std::get<std::vector<std::string>>(ran).at(0)), !base_.show_secrets());
    answer.statement = sql;
    return answer;
}

}  // namespace connql::server
