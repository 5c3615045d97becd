#include "engine/clusters.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/diagnostic.h"

namespace connql {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::string home() { return env("HOME").empty() ? "/root" : env("HOME"); }

std::vector<std::string> split_urls(const std::string& text) {
    std::vector<std::string> urls;
    std::stringstream in(text);
    std::string url;
    while (std::getline(in, url, ',')) {
        if (!url.empty()) urls.push_back(url);
    }
    return urls;
}

std::string string_field(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// "password", or better "password_env" naming the variable that holds it, or
// "password_file" naming a file that holds it (its first line; a trailing newline is not
// part of it). The same for "bearer_token".
std::string secret_field(const nlohmann::json& object, const std::string& key, const std::string& cluster,
                         const std::string& origin) {
    std::string direct = string_field(object, key.c_str());
    if (!direct.empty()) return direct;
    std::string variable = string_field(object, (key + "_env").c_str());
    if (!variable.empty()) return env(variable.c_str());
    std::string path = string_field(object, (key + "_file").c_str());
    if (path.empty()) return "";
    std::ifstream in(path);
    std::string secret;
    if (!in || !std::getline(in, secret)) {
        throw Error(ErrorKind::Usage, "cannot read \"" + key + "_file\" " + path + " of cluster '" + cluster + "' in " + origin);
    }
    while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
    return secret;
}

}  // namespace

ClusterDirectory ClusterDirectory::load() {
    std::string path = env("CONNQL_CONFIG");
    if (path.empty()) path = home() + "/.config/connql/clusters.json";
    std::ifstream in(path);
    if (!in) return {};
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

ClusterDirectory ClusterDirectory::parse(const std::string& json, const std::string& origin) {
    nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        throw Error(ErrorKind::Usage, "the cluster config file " + origin + " is not a JSON object");
    }
    ClusterDirectory directory;
    auto clusters = document.find("clusters");
    if (clusters != document.end() && clusters->is_object()) {
        for (auto it = clusters->begin(); it != clusters->end(); ++it) {
            const nlohmann::json& c = it.value();
            ClusterConfig config;
            if (c.contains("urls") && c["urls"].is_array()) {
                for (const auto& url : c["urls"]) {
                    if (url.is_string()) config.endpoint.urls.push_back(url.get<std::string>());
                }
            } else {
                config.endpoint.urls = split_urls(string_field(c, "url"));
            }
            if (config.endpoint.urls.empty()) {
                throw Error(ErrorKind::Usage, "cluster '" + it.key() + "' in " + origin + " has no \"urls\"");
            }
            std::string user = string_field(c, "username");
            if (!user.empty()) config.endpoint.basic_auth = user + ":" + secret_field(c, "password", it.key(), origin);
            config.endpoint.bearer_token = secret_field(c, "bearer_token", it.key(), origin);
            if (c.contains("headers") && c["headers"].is_object()) {
                for (auto h = c["headers"].begin(); h != c["headers"].end(); ++h) {
                    if (h.value().is_string()) config.endpoint.headers.push_back(h.key() + ": " + h.value().get<std::string>());
                }
            }
            config.endpoint.tls.client_cert = string_field(c, "client_cert");
            config.endpoint.tls.client_key = string_field(c, "client_key");
            config.endpoint.tls.ca_file = string_field(c, "ca_file");
            config.bootstrap_servers = string_field(c, "bootstrap_servers");
            config.schema_registry_url = string_field(c, "schema_registry_url");
            directory.clusters_.emplace(it.key(), std::move(config));
        }
    }
    std::string current = string_field(document, "current");
    if (!current.empty()) {
        if (!directory.clusters_.count(current)) {
            throw Error(ErrorKind::Usage, "\"current\" in " + origin + " names cluster '" + current + "', which it does not define");
        }
        directory.current_ = current;
    }
    return directory;
}

const ClusterConfig* ClusterDirectory::find(const std::string& name) const {
    auto it = clusters_.find(name);
    return it == clusters_.end() ? nullptr : &it->second;
}

std::string ClusterDirectory::describe_names() const {
    if (clusters_.empty()) return "define clusters in ~/.config/connql/clusters.json (or the file $CONNQL_CONFIG names)";
    std::string names;
    for (const auto& entry : clusters_) names += (names.empty() ? "" : ", ") + entry.first;
    return "the config file defines: " + names;
}

std::optional<ClusterConfig> local_cluster() {
    std::string dir = env("CONNQL_CLUSTER_DIR");
    if (dir.empty()) dir = home() + "/.cache/connql/cluster";
    std::ifstream in(dir + "/ports");
    if (!in) return std::nullopt;
    // A secured local cluster (scripts/cluster up --secure) comes with the clusters file
    // that reaches it: HTTPS URLs, the CA, the credentials.
    std::ifstream secured(dir + "/clusters.json");
    if (secured) {
        std::stringstream text;
        text << secured.rdbuf();
        ClusterDirectory directory = ClusterDirectory::parse(text.str(), dir + "/clusters.json");
        if (directory.current()) return *directory.find(*directory.current());
    }
    std::map<std::string, std::string> ports;
    std::string line;
    while (std::getline(in, line)) {
        size_t equals = line.find('=');
        if (equals != std::string::npos) ports[line.substr(0, equals)] = line.substr(equals + 1);
    }
    if (!ports.count("WORKER1_PORT") || !ports.count("WORKER2_PORT")) return std::nullopt;
    ClusterConfig config;
    config.endpoint.urls = {"http://127.0.0.1:" + ports["WORKER1_PORT"], "http://127.0.0.1:" + ports["WORKER2_PORT"]};
    if (ports.count("BROKER_PORT")) config.bootstrap_servers = "127.0.0.1:" + ports["BROKER_PORT"];
    return config;
}

std::optional<ClusterConfig> choose_cluster(const std::optional<std::string>& connect_url,
                                            const ClusterDirectory& directory, std::string& name) {
    std::string url = connect_url ? *connect_url : env("CONNQL_CONNECT_URL");
    if (!url.empty()) {
        ClusterConfig config;
        config.endpoint.urls = split_urls(url);
        config.bootstrap_servers = env("CONNQL_BOOTSTRAP_SERVERS");
        return config;
    }
    if (directory.current()) {
        name = *directory.current();
        return *directory.find(name);
    }
    return local_cluster();
}

}  // namespace connql
