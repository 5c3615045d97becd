// Where the REPL's Tab completion gets the names it offers: the live cluster
// (through the engine's LiveCatalog, cached and quick) and the session (variables,
// clusters of the config file). An interface, so that the completion logic is
// tested without a cluster.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/catalog.h"
#include "engine/session.h"

namespace connql {

class CompletionSource {
public:
    virtual ~CompletionSource() = default;
    virtual std::vector<std::string> connector_names() = 0;
    virtual std::vector<PluginRow> plugins() = 0;
    virtual std::vector<ConfigKeyInfo> config_keys(const std::string& class_name) = 0;
    virtual std::optional<std::string> connector_class(const std::string& connector) = 0;
    virtual std::vector<std::string> variable_names() = 0;
    virtual std::vector<std::string> cluster_names() = 0;
};

// The session's: live names through a LiveCatalog of its own.
class SessionCompletionSource : public CompletionSource {
public:
    explicit SessionCompletionSource(Session& session) : session_(session), catalog_(session) {}

    std::vector<std::string> connector_names() override { return catalog_.connector_names(); }
    std::vector<PluginRow> plugins() override { return catalog_.plugins(); }
    std::vector<ConfigKeyInfo> config_keys(const std::string& class_name) override {
        return catalog_.config_keys(class_name);
    }
    std::optional<std::string> connector_class(const std::string& connector) override {
        return catalog_.connector_class(connector);
    }
    std::vector<std::string> variable_names() override;
    std::vector<std::string> cluster_names() override;

private:
    Session& session_;
    LiveCatalog catalog_;
};

}  // namespace connql
