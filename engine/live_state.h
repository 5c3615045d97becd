// What the cluster holds now, for front ends that compare it with a desired state
// (`connql migrate plan` and `validate`): every connector's config, in one request.
#pragma once

#include <map>
#include <string>

#include "compiler/config.h"
#include "engine/session.h"

namespace connql {

struct LiveConnector {
    Config config;
    ast::ConnectorKind kind = ast::ConnectorKind::Source;
};
// GET /connectors?expand=info: connector name -> its live config and kind.
std::map<std::string, LiveConnector> live_connectors(Session& session);
std::map<std::string, Config> live_configs(Session& session);

// The desired state after a script's statements, starting from `state`: CREATE sets
// a config, ALTER changes it as the compiler would, DROP removes it; statements that
// change no config (PAUSE, offsets, ...) leave it. Throws like compile_alter for an
// ALTER of a connector the state does not have.
struct PreparedStatement;
void replay(const PreparedStatement& statement, std::map<std::string, Config>& state, const CompileContext& context);

}  // namespace connql
