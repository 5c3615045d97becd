// Statements over HTTP: ksqlDB's POST /ksql and connql's POST /v1/statements, on
// the one engine. Each request runs on a fresh session forked from the server's
// (same cluster, shared connections), seeded with the request's variables; the
// whole text is prepared, and every statement checked against the caller's role,
// before anything runs; the first failure stops the request.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "engine/prepare.h"
#include "engine/session.h"
#include "server/api.h"
#include "server/auth/roles.h"

namespace connql::server {

enum class StatementEndpoint {
    Ksql,    // POST /ksql: ksqlDB's request, entities and error shapes; the ksqldb dialect
    Native,  // POST /v1/statements: as `connql run --output json` prints; connql dialect by default
    Query,   // POST /query: one PRINT, streamed; the ksqldb dialect
};

struct StatementLimits {
    size_t max_statements = 1000;  // per request
};

// A request checked and prepared, ready to run (on a worker thread: it talks to
// the cluster).
struct PreparedRequest {
    StatementEndpoint endpoint = StatementEndpoint::Ksql;
    std::unique_ptr<Session> session;
    PreparedScript script;
    std::string text;
    bool needs_cluster = false;  // some statement talks to Connect or Kafka
};

class StatementApi {
public:
    StatementApi(const Session& base, StatementLimits limits) : base_(base), limits_(limits) {}

    // Parses the body, forks a session, prepares every statement and checks the
    // role: an answer when the request ends here (a bad request, a syntax error, a
    // statement the role may not run), else the prepared request. Cheap enough
    // for the event loop: nothing here talks to the cluster.
    std::variant<ApiAnswer, PreparedRequest> prepare(StatementEndpoint endpoint, const std::string& body,
                                                     auth::Role role) const;
    // Runs the statements and renders the answer.
    ApiAnswer run(PreparedRequest request);

    // GET /v1/connectors: the SHOW CONNECTORS answer.
    ApiAnswer connectors();

    long long command_sequence() const { return sequence_.load(); }

private:
    // `asked` receives the statement text once it is read from the body.
    std::variant<ApiAnswer, PreparedRequest> prepare_request(StatementEndpoint endpoint, const std::string& body,
                                                             auth::Role role, std::optional<std::string>& asked) const;
    // The entities of the statements run (JSON text each), or the error answer of the first that failed.
    std::variant<std::vector<std::string>, ApiAnswer> run_statements(PreparedRequest request);

    const Session& base_;
    StatementLimits limits_;
    std::atomic<long long> sequence_{0};  // ksqlDB's commandSequenceNumber: statements that changed the cluster
};

// A JSON error in ksqlDB's generic shape: {"@type":"generic_error","error_code","message"}.
ApiAnswer generic_error(int status, int error_code, const std::string& message);
// The body as the server sends it: JSON with invalid UTF-8 replaced, credentials
// embedded in free text masked once more (the last stop before the network).
std::string response_body(const nlohmann::ordered_json& json, bool mask);

}  // namespace connql::server
