// `connql serve`: the HTTP statement endpoint (docs/server.md); `connql serve
// passwd` and `connql serve token` manage its credentials.
#include <iostream>

#include "cli/command.h"
#include "cli/options.h"
#include "server/auth/password_input.h"
#include "server/auth/roles.h"
#include "server/auth/tokens_file.h"
#include "server/auth/users_file.h"
#include "server/serve.h"

namespace connql::cli {

namespace {

auth::Role role_option(const std::string& text) {
    std::optional<auth::Role> role = auth::parse_role(text);
    if (!role) throw Error(ErrorKind::Usage, "--role is read or write, not '" + text + "'");
    return *role;
}

class ServeCommand : public Command {
public:
    CLI::App* attach(CLI::App& app) override {
        CLI::App* command = app.add_subcommand("serve", "Answer statements over HTTP (ksqlDB's /ksql, and /v1/statements)");
        command->require_subcommand(0, 1);
        CLI::Option_group* http = command->add_option_group("HTTP");
        http->add_option("--listen", options_.listen, "HOST:PORT to listen on (default 127.0.0.1:8088)");
        http->add_option("--tls-cert", options_.tls_cert, "PEM certificate chain: serve HTTPS (HTTP/2 through ALPN)");
        http->add_option("--tls-key", options_.tls_key, "PEM private key of --tls-cert");
        CLI::Option_group* access = command->add_option_group("Access");
        access->add_option("--users", options_.users_file, "Users file for Basic auth (connql serve passwd writes it)");
        access->add_option("--tokens", options_.tokens_file, "Bearer tokens file (connql serve token writes it)");
        access->add_flag("--insecure-no-auth", options_.insecure_no_auth,
                         "Listen beyond loopback without authentication (a proxy in front authenticates)");
        access->add_flag("!--no-access-log", options_.access_log, "Do not write one JSON line per request on stderr");
        CLI::Option_group* limits = command->add_option_group("Limits");
        limits->add_option("--max-body", options_.max_body_bytes, "Largest request body in bytes (default 1 MiB)");
        limits->add_option("--max-statements", options_.limits.max_statements, "Statements per request (default 1000)");
        limits->add_option("--max-concurrent", options_.max_concurrent_requests, "Requests in flight before 429 (default 256)");
        limits->add_option("--header-timeout", header_timeout_, "Time a client has to send a request (default 10s)");
        limits->add_option("--request-deadline", request_deadline_, "Time a request may take before 503 (default 60s)");
        limits->add_option("--drain", drain_, "Time given to requests in flight after SIGTERM (default 10s)");
        limits->add_option("--threads", options_.worker_threads, "Worker threads for requests that talk to the cluster (default 16)")
            ->check(CLI::Range(1, 256));
        add_cluster_flags(*command, cluster_);
        command->add_option("--bootstrap-servers", bootstrap_servers_,
                            "The cluster's Kafka brokers, for PRINT and SHOW TOPICS (default: CONNQL_BOOTSTRAP_SERVERS, the config file)");
        command->add_option("-d,--define", script_.defines, "A variable every request starts with: name=value (repeatable)")
            ->allow_extra_args(false)
            ->type_name("NAME=VALUE");

        passwd_ = command->add_subcommand("passwd", "Add a user to a users file, or change one's password (read from stdin)");
        passwd_->add_option("FILE", credentials_file_, "The users file")->required();
        passwd_->add_option("USER", user_, "The user name")->required();
        passwd_->add_option("--role", role_, "read or write (default: write for a new user, unchanged otherwise)");
        token_ = command->add_subcommand("token", "Add a bearer token to a tokens file; prints the token once");
        token_->add_option("FILE", credentials_file_, "The tokens file")->required();
        token_->add_option("--role", role_, "read or write (default write)");
        token_->add_option("--name", token_name_, "A name for the token, shown in the access log");
        return command;
    }

    int run() override {
        try {
            if (passwd_->parsed()) return passwd();
            if (token_->parsed()) return token();
            if (!header_timeout_.empty()) options_.header_timeout = std::chrono::milliseconds(duration_option(header_timeout_, "--header-timeout"));
            if (!request_deadline_.empty()) {
                options_.request_deadline = std::chrono::milliseconds(duration_option(request_deadline_, "--request-deadline"));
            }
            if (!drain_.empty()) options_.drain = std::chrono::milliseconds(duration_option(drain_, "--drain"));
            options_.version = CONNQL_VERSION_TEXT;
            SessionOptions session = session_options(script_, cluster_);
            session.bootstrap_servers = bootstrap_servers_;
            Session base = Session::open(session);
            return server::serve(base, options_, std::cerr);
        } catch (const Error& error) {
            return print_error(error, OutputFormat::Table, std::cout, std::cerr);
        }
    }

private:
    int passwd() {
        std::optional<auth::Role> role;
        if (role_) role = role_option(*role_);
        const std::string password = auth::read_password();
        auth::set_password(credentials_file_, user_, password, role);
        std::cerr << "connql: " << user_ << " is in " << credentials_file_ << "\n";
        return 0;
    }

    int token() {
        const auth::Role role = role_ ? role_option(*role_) : auth::Role::Write;
        std::cout << auth::add_token(credentials_file_, role, token_name_) << "\n";
        std::cerr << "connql: the token's hash is in " << credentials_file_
                  << "; the token itself is shown only this once\n";
        return 0;
    }

    server::ServeOptions options_;
    ScriptFlags script_;
    ClusterFlags cluster_;
    std::string header_timeout_, request_deadline_, drain_;
    std::optional<std::string> bootstrap_servers_;
    CLI::App* passwd_ = nullptr;
    CLI::App* token_ = nullptr;
    std::string credentials_file_, user_, token_name_;
    std::optional<std::string> role_;
};

}  // namespace

std::unique_ptr<Command> make_serve_command() { return std::make_unique<ServeCommand>(); }

}  // namespace connql::cli
