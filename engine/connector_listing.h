// SHOW CONNECTORS' rows from the cluster: one GET /connectors?expand=status&expand=info,
// read by engine/connector_list_reader.h.
#pragma once

#include <memory>
#include <vector>

#include "connect/client.h"
#include "engine/connector_list_reader.h"
#include "engine/results.h"

namespace connql {

class Session;

// Every connector of the cluster, by name (shared with the other readers
// of one single-flight read: read, do not change). Throws connql::Error when Connect
// cannot be asked or its answer is not a list of connectors. The session remembers the
// last answer: the same bytes again (a poll of an unchanged cluster) are not read again.
std::shared_ptr<const std::vector<ConnectorRow>> list_connector_rows(Session& session, connect::Client& client);

}  // namespace connql
