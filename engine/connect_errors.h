// Turning a Kafka Connect error answer into one clear connql::Error: what was
// being done, what Connect said (secrets scrubbed), what to do, and the flags a
// caller acts on (retriable, may have been applied).
#pragma once

#include <string>

#include "compiler/config.h"
#include "connect/client.h"

namespace connql {

struct FailureContext {
    connect::Client* client = nullptr;  // to look for a near name when Connect says 404
    std::string connector;              // the connector the statement names, if any
    const Config* config = nullptr;     // values never to repeat in the message
};

[[noreturn]] void throw_connect_error(const connect::Response& response, const std::string& doing,
                                      const FailureContext& context = {});

// Connect repeats submitted values in some errors; never show a secret from the config.
std::string scrub_message(std::string message, const Config* config);

// A status object with every trace scrubbed: a task's exception may quote a value
// of its config (a connection URL with its password, say).
nlohmann::json scrub_status(nlohmann::json status, const Config* config);

}  // namespace connql
