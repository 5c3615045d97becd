#include "engine/session.h"

#include "compiler/durations.h"
#include "connect/shared.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "connect/endpoints.h"

namespace connql {

namespace {

void apply_defines(const std::vector<std::string>& defines, ParseState& state) {
    for (const std::string& define : defines) {
        size_t equals = define.find('=');
        std::string name = define.substr(0, equals);
        if (equals == std::string::npos || !is_variable_name(name)) {
            throw Error(ErrorKind::Usage, "--define takes name=value with a name of letters, digits and _, not '" +
                                              define + "'");
        }
        state.variables.define(name, define.substr(equals + 1));
    }
}

}  // namespace

Session Session::open(const SessionOptions& options) {
    Session session;
    session.parse_.dialect = session.parse_.default_dialect = options.dialect;
    apply_defines(options.defines, session.parse_);
    session.schema_registry_option_ = options.schema_registry_url;
    session.show_secrets_ = options.show_secrets;
    session.directory_ = ClusterDirectory::load();
    if (options.cluster) {
        if (options.connect_url) {
            throw Error(ErrorKind::Usage, "--cluster and --connect-url name two clusters", {}, "give one of them");
        }
        if (session.directory_.find(*options.cluster) == nullptr) {
            throw Error(ErrorKind::Usage, "no cluster named '" + *options.cluster + "' in the config file", {},
                        session.directory_.describe_names());
        }
        session.cluster_ = *session.directory_.find(*options.cluster);
        session.cluster_name_ = *options.cluster;
    } else {
        session.cluster_ = choose_cluster(options.connect_url, session.directory_, session.cluster_name_);
    }
    if (options.bootstrap_servers && session.cluster_) session.cluster_->bootstrap_servers = *options.bootstrap_servers;
    session.initial_parse_ = session.parse_;
    return session;
}

Session Session::fork() const {
    Session session;
    session.parse_ = session.initial_parse_ = initial_parse_;
    session.schema_registry_option_ = schema_registry_option_;
    session.directory_ = directory_;
    session.cluster_ = cluster_;
    session.cluster_name_ = cluster_name_;
    session.knowledge_ = knowledge_;
    session.show_secrets_ = show_secrets_;
    return session;
}

void Session::share_connections() {
    if (cluster_ && !cluster_->endpoint.shared) cluster_->endpoint.shared = std::make_shared<connect::SharedTransport>();
    client_.reset();
}

void Session::set_property(const std::string& name, const std::string& value) {
    properties_[name] = value;
    if (name == "connql.timeout") cluster_changed();
}

void Session::unset_property(const std::string& name) {
    properties_.erase(name);
    if (name == "connql.timeout") cluster_changed();
}

std::optional<std::string> Session::property(const std::string& name) const {
    auto it = properties_.find(name);
    if (it == properties_.end()) return std::nullopt;
    return it->second;
}

long long Session::duration_property(const std::string& name, long long fallback_ms) const {
    std::optional<std::string> value = property(name);
    if (!value) return fallback_ms;
    return parse_duration_ms(*value).value_or(fallback_ms);  // prepare checked it
}

void Session::use_cluster(const std::string& name) {
    const ClusterConfig* config = directory_.find(name);
    if (config == nullptr) {
        throw Error(ErrorKind::Runtime, "no cluster named '" + name + "' in the config file", {},
                    directory_.describe_names());
    }
    cluster_ = *config;
    cluster_name_ = name;
    cluster_changed();
}

void Session::cluster_changed() {
    client_.reset();
    knowledge_ = std::make_shared<Knowledge>();
}

namespace {

// Plugins change only when workers restart with new ones; a long-running server
// asks again after this long.
constexpr auto kKnowledgeLifetime = std::chrono::minutes(5);

}  // namespace

void Session::forget_if_stale(Knowledge& knowledge) {
    const auto now = std::chrono::steady_clock::now();
    if (now - knowledge.learnt < kKnowledgeLifetime) return;
    knowledge.plugins.reset();
    knowledge.password_keys.clear();
    knowledge.learnt = now;
}

SecretPolicy Session::local_secret_policy() const {
    SecretPolicy policy;
    policy.show = show_secrets_;
    return policy;
}

SecretPolicy Session::secret_policy(connect::Client& client, const std::string& class_name) {
    SecretPolicy policy = local_secret_policy();
    if (class_name.empty() || show_secrets_) return policy;
    Knowledge& knowledge = *knowledge_;
    {
        std::lock_guard<std::mutex> lock(knowledge.mutex);
        forget_if_stale(knowledge);
        auto known = knowledge.password_keys.find(class_name);
        if (known != knowledge.password_keys.end()) {
            policy.password_keys = known->second;
            return policy;
        }
    }
    // Asked without the lock: parallel statements (and a server's requests) for other
    // classes do not queue behind this request. Two asking for the same class at once
    // both ask; the answers are the same. A failure here (asked after a create went
    // through, say) must not become the statement's failure: without the answer, the
    // key and value rules still apply.
    std::set<std::string> keys;
    try {
        connect::Response response = connect::endpoints::plugin_config(client, class_name);
        if (!response.ok() || !response.body.is_array()) return policy;
        for (const auto& definition : response.body) {
            if (json_string(definition, "type") == "PASSWORD") keys.insert(json_string(definition, "name"));
        }
    } catch (const std::exception&) {
        return policy;
    }
    std::lock_guard<std::mutex> lock(knowledge.mutex);
    policy.password_keys = knowledge.password_keys.emplace(class_name, std::move(keys)).first->second;
    return policy;
}

CompileContext Session::compile_context() const {
    CompileContext context;
    context.dialect = parse_.dialect;
    if (std::optional<std::string> url = property("connql.schema.registry.url")) {
        context.schema_registry_url = *url;
    } else if (schema_registry_option_) {
        context.schema_registry_url = schema_registry_option_;
    } else if (cluster_ && !cluster_->schema_registry_url.empty()) {
        context.schema_registry_url = cluster_->schema_registry_url;
    }
    return context;
}

connect::Endpoint Session::endpoint() const {
    if (!cluster_) {
        throw Error(ErrorKind::Usage, "no Kafka Connect cluster is configured", {},
                    "give --connect-url URL or --cluster NAME, set CONNQL_CONNECT_URL, add a cluster to "
                    "~/.config/connql/clusters.json, or start a local one with scripts/cluster up");
    }
    connect::Endpoint endpoint = cluster_->endpoint;
    if (property("connql.timeout")) {
        // Every request from the next one on, creates and validations included.
        long ms = static_cast<long>(duration_property("connql.timeout", endpoint.timeout_ms));
        endpoint.timeout_ms = ms;
        endpoint.slow_timeout_ms = ms;
        endpoint.retry_deadline_ms = std::min(endpoint.retry_deadline_ms, 2 * ms);
    }
    return endpoint;
}

connect::Client& Session::client() {
    if (!client_) client_ = std::make_unique<connect::Client>(endpoint());
    return *client_;
}

std::unique_ptr<connect::Client> Session::new_client() const { return std::make_unique<connect::Client>(endpoint()); }

std::unique_ptr<connect::Client> Session::new_quick_client(long timeout_ms) const {
    connect::Endpoint quick = endpoint();
    quick.connect_timeout_ms = std::min(quick.connect_timeout_ms, timeout_ms);
    quick.timeout_ms = quick.slow_timeout_ms = timeout_ms;
    quick.retry_deadline_ms = 0;
    return std::make_unique<connect::Client>(quick);
}

std::vector<PluginRow> Session::connector_plugins(connect::Client& client) {
    Knowledge& knowledge = *knowledge_;
    {
        std::lock_guard<std::mutex> lock(knowledge.mutex);
        forget_if_stale(knowledge);
        if (knowledge.plugins) return *knowledge.plugins;
    }
    // Asked without the lock, as secret_policy does.
    connect::Response response = connect::endpoints::list_plugins(client, true);
    if (!response.ok()) throw_connect_error(response, "listing the installed connector plugins");
    std::vector<PluginRow> plugins = plugin_rows(response.body);
    std::lock_guard<std::mutex> lock(knowledge.mutex);
    if (!knowledge.plugins) knowledge.plugins = std::move(plugins);
    return *knowledge.plugins;
}

std::shared_ptr<const ConnectorListing> Session::last_connector_listing() const {
    std::lock_guard<std::mutex> lock(knowledge_->mutex);
    return knowledge_->last_listing;
}

void Session::remember_connector_listing(std::shared_ptr<const ConnectorListing> listing) {
    std::lock_guard<std::mutex> lock(knowledge_->mutex);
    knowledge_->last_listing = std::move(listing);
}

}  // namespace connql
