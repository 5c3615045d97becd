#include "engine/catalog.h"

#include <algorithm>

#include "connect/endpoints.h"
#include "engine/connect_reading.h"

namespace connql {

namespace api = connect::endpoints;
using Clock = std::chrono::steady_clock;

namespace {

std::string default_text(const nlohmann::json& definition) {
    const nlohmann::json& value = definition.value("default_value", nlohmann::json());
    if (value.is_null()) return "";
    return value.is_string() ? value.get<std::string>() : value.dump();
}

ConfigKeyInfo key_info(const nlohmann::json& definition) {
    ConfigKeyInfo info;
    info.name = json_string(definition, "name");
    info.type = json_string(definition, "type");
    info.required = definition.value("required", false);
    if (!info.required && definition.contains("default_value") && !definition["default_value"].is_null()) {
        info.default_value = default_text(definition);
    }
    info.documentation = json_string(definition, "documentation");
    return info;
}

}  // namespace

connect::Client* LiveCatalog::client() {
    const std::optional<ClusterConfig>& cluster = session_.cluster();
    if (!cluster) return nullptr;
    std::string key = session_.cluster_name() + "\n";
    for (const std::string& url : cluster->endpoint.urls) key += url + " ";
    if (key != cluster_key_ || !client_) {  // USE CLUSTER: what was read was another cluster's
        cluster_key_ = key;
        names_.clear();
        plugins_.clear();
        keys_.clear();
        classes_.clear();
        client_ = session_.new_quick_client(options_.timeout_ms);
    }
    return client_.get();
}

template <typename T, typename Read>
std::optional<T> LiveCatalog::cached(std::map<std::string, Entry<T>>& cache, const std::string& key, Read read) {
    connect::Client* connection = client();
    if (connection == nullptr) return std::nullopt;
    auto found = cache.find(key);
    if (found != cache.end() && Clock::now() - found->second.read_at < options_.expiry) return found->second.value;
    Entry<T> entry;
    try {
        entry.value = read(*connection);
    } catch (const std::exception&) {
        entry.value.reset();  // unreachable, or not Connect: nothing to offer until the expiry
    }
    entry.read_at = Clock::now();
    return (cache[key] = std::move(entry)).value;
}

std::vector<std::string> LiveCatalog::connector_names() {
    auto names = cached(names_, "", [](connect::Client& c) -> std::optional<std::vector<std::string>> {
        connect::Response response = api::list_connectors(c);
        if (!response.ok() || !response.body.is_array()) return std::nullopt;
        std::vector<std::string> out;
        for (const auto& name : response.body) {
            if (name.is_string()) out.push_back(name.get<std::string>());
        }
        std::sort(out.begin(), out.end());
        return out;
    });
    return names.value_or(std::vector<std::string>{});
}

std::vector<PluginRow> LiveCatalog::plugins() {
    auto rows = cached(plugins_, "", [](connect::Client& c) -> std::optional<std::vector<PluginRow>> {
        connect::Response response = api::list_plugins(c, false);
        if (!response.ok()) return std::nullopt;
        return plugin_rows(response.body);
    });
    return rows.value_or(std::vector<PluginRow>{});
}

std::vector<ConfigKeyInfo> LiveCatalog::config_keys(const std::string& class_name) {
    auto keys = cached(keys_, class_name, [&](connect::Client& c) -> std::optional<std::vector<ConfigKeyInfo>> {
        std::vector<ConfigKeyInfo> out;
        // A validation lists Connect's own keys too; a plugin that cannot validate a
        // config this empty quickly still has its own definitions.
        try {
            connect::Response validation =
                api::validate_config(c, class_name, nlohmann::json{{"connector.class", class_name}});
            if (validation.ok()) {
                for (const auto& entry : validation.body.value("configs", nlohmann::json::array())) {
                    out.push_back(key_info(entry.value("definition", nlohmann::json::object())));
                }
            }
        } catch (const std::exception&) {
        }
        if (out.empty()) {
            connect::Response definitions = api::plugin_config(c, class_name);
            if (!definitions.ok() || !definitions.body.is_array()) return std::nullopt;
            for (const auto& definition : definitions.body) out.push_back(key_info(definition));
        }
        std::sort(out.begin(), out.end(), [](const ConfigKeyInfo& a, const ConfigKeyInfo& b) { return a.name < b.name; });
        out.erase(std::unique(out.begin(), out.end(),
                              [](const ConfigKeyInfo& a, const ConfigKeyInfo& b) { return a.name == b.name; }),
                  out.end());
        return out;
    });
    return keys.value_or(std::vector<ConfigKeyInfo>{});
}

std::optional<std::string> LiveCatalog::connector_class(const std::string& connector) {
    return cached(classes_, connector, [&](connect::Client& c) -> std::optional<std::string> {
        connect::Response response = api::get_config(c, connector);
        if (!response.ok()) return std::nullopt;
        return json_string(response.body, "connector.class");
    });
}

std::optional<std::string> connect_version(connect::Client& client) {
    try {
        connect::Response response = api::server_info(client);
        if (!response.ok()) return std::nullopt;
        std::string version = json_string(response.body, "version");
        return version.empty() ? std::nullopt : std::optional<std::string>(version);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace connql
