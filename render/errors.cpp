#include "render/errors.h"

namespace connql {

ErrorCode error_code_of(const Error& error) {
    const Diagnostic& d = error.diagnostic();
    switch (d.kind) {
        case ErrorKind::Syntax:
        case ErrorKind::Compile: return {400, 40001};
        case ErrorKind::Usage: return {400, 40000};
        case ErrorKind::Runtime: break;
    }
    if (d.connect_status >= 400 && d.connect_status < 600) return {d.connect_status, d.connect_status * 100};
    // No answer from Connect to report (a worker not reached, a wait that saw the
    // connector fail, a service that is not Connect): ksqlDB's SERVER_ERROR.
    return {500, 50000};
}

nlohmann::ordered_json error_entity(const Error& error, const std::string& statement_text,
                                    const nlohmann::ordered_json& entities) {
    const Diagnostic& d = error.diagnostic();
    nlohmann::ordered_json e;
    e["@type"] = "statement_error";
    e["error_code"] = error_code_of(error).error_code;
    e["message"] = d.message;
    e["statementText"] = statement_text;
    e["entities"] = entities;
    if (!d.hint.empty()) e["hint"] = d.hint;
    if (!d.origin.empty()) e["origin"] = d.origin;
    if (d.pos.line > 0) {
        e["line"] = d.pos.line;
        e["column"] = d.pos.column;
    }
    e["retriable"] = d.flags.retriable;
    e["mayHaveBeenApplied"] = d.flags.may_have_been_applied;
    return e;
}

}  // namespace connql
