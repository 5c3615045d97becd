// Against the secured cluster of scripts/cluster (issue 7, item 5): HTTPS with a CA made on
// the spot, HTTP basic auth (Kafka's BasicAuthSecurityRestExtension) and, under
// --secure=mtls, client certificates. scripts/test.sh starts `up --secure` and runs the
// SecureCluster tests (ctest secure_cluster), then `up --secure=mtls` and runs them all
// (ctest secure_cluster_mtls), with what `scripts/cluster env` prints in the environment.
// Nothing is faked but the one thing Connect lacks: bearer-token auth, for which a small
// recording proxy (Python, started here) stands in front of the secured worker.
#include <sys/stat.h>

#include "cluster_fixture.h"
#include "loopback_server.h"

namespace connql::testing {
namespace {

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    for (size_t start = 0; start <= text.size();) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        if (comma > start) parts.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return parts;
}

std::string temp_path(const std::string& name) { return ::testing::TempDir() + unique("connql-secure-" + name); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Makes a CA of its own (not the cluster's) and, signed by it, a client certificate:
// what a worker must refuse.
struct OtherCa {
    std::string dir = temp_path("other-ca");
    std::string ca = dir + "/ca.pem", cert = dir + "/client.pem", key = dir + "/client.key";
    OtherCa() {
        Result made = run_command(
            "(set -e; mkdir -p " + dir + " && cd " + dir +
            " && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=another CA' -keyout ca.key -out ca.pem"
            " && openssl req -newkey rsa:2048 -nodes -subj '/CN=stranger' -keyout client.key -out client.csr"
            " && printf 'extendedKeyUsage=clientAuth\\n' > client.ext"
            " && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile client.ext"
            " -out client.pem) > " + dir + ".log 2>&1 || { cat " + dir + ".log; exit 1; }");
        EXPECT_EQ(made.exit_code, 0) << made.out;
    }
    ~OtherCa() {
        std::filesystem::remove_all(dir);
        std::remove((dir + ".log").c_str());
    }
};

class SecureCluster : public Cluster {
protected:
    static std::vector<std::string> workers() { return split(env_or_fail("CONNECT_URLS")); }
    static std::string worker(size_t n) {
        std::vector<std::string> all = workers();
        return n < all.size() ? all[n] : "https://127.0.0.1:1";
    }
    static std::string password() { return env_or_fail("CONNECT_PASSWORD"); }
    static std::string user() { return env_or_fail("CONNECT_USER"); }
    static std::string ca_file() { return env_or_fail("CONNECT_CA_FILE"); }
    // Under --secure=mtls every request needs the client certificate: the clusters these
    // tests write carry it then (the MutualTls tests check both ways).
    static bool mutual_tls() {
        const char* cert = std::getenv("CONNECT_CLIENT_CERT");
        return cert != nullptr && *cert != '\0';
    }

    // A cluster of the config file that reaches the secured cluster: every setting right.
    static nlohmann::json cluster(std::vector<std::string> urls = {}) {
        nlohmann::json c = {{"urls", urls.empty() ? workers() : urls},
                            {"username", user()},
                            {"password_env", "CONNECT_PASSWORD"},
                            {"ca_file", ca_file()},
                            {"bootstrap_servers", env_or_fail("BOOTSTRAP_SERVERS")}};
        if (mutual_tls()) {
            c["client_cert"] = env_or_fail("CONNECT_CLIENT_CERT");
            c["client_key"] = env_or_fail("CONNECT_CLIENT_KEY");
        }
        return c;
    }

    // Writes {"current": "secured", "clusters": {"secured": c}} and returns its path.
    static std::string config_file(const nlohmann::json& c) {
        std::string path = temp_path("clusters") + ".json";
        std::ofstream(path) << nlohmann::json{{"current", "secured"}, {"clusters", {{"secured", c}}}}.dump(2);
        files().push_back(path);
        return path;
    }

    static Result connql_with(const nlohmann::json& c, const std::string& script, const std::string& extra = "") {
        return run_command("CONNQL_CONFIG=" + config_file(c) + " " + CONNQL_BINARY + " run " + extra + " -", script);
    }

    static std::string source(const std::string& name) {
        return "CREATE SOURCE CONNECTOR `" + name + "` USING 'FileStreamSource' WITH (file = '/tmp/" + name +
               ".txt', topic = '" + name + "');\n";
    }

    // No output of any run may hold the password (nor any other secret given).
    static void expect_no_secret(const Result& r, const std::string& secret) {
        EXPECT_FALSE(secret.empty());
        size_t at = r.out.find(secret);
        if (at == std::string::npos) return;
        std::string shown = r.out;  // the failure's own message must not print it either
        for (; at != std::string::npos; at = shown.find(secret, at)) shown.replace(at, secret.size(), "<SECRET>");
        ADD_FAILURE() << "a secret was printed (shown here as <SECRET>):\n" << shown;
    }

    static std::vector<std::string>& files() {
        static std::vector<std::string> paths;
        return paths;
    }
    static void TearDownTestSuite() {
        for (const std::string& path : files()) std::remove(path.c_str());
        files().clear();
    }
};

class MutualTls : public SecureCluster {};

// ---------------------------------------------------------------- basic auth and HTTPS

TEST_F(SecureCluster, TheClustersFileOfUpReachesTheCluster) {
    // CONNQL_CONFIG as `scripts/cluster env` prints it: `connql run f.sql` just works.
    std::string config = env_or_fail("CONNQL_CONFIG");
    std::ifstream in(config);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_TRUE(contains(text, "\"password_file\"")) << text;
    EXPECT_FALSE(contains(text, password())) << "the clusters file must not hold the password";
    struct stat info {};
    nlohmann::json parsed = nlohmann::json::parse(text);
    std::string password_file = parsed["clusters"]["local"]["password_file"];
    ASSERT_EQ(::stat(password_file.c_str(), &info), 0) << password_file;
    EXPECT_EQ(info.st_mode & 077, 0u) << password_file << " is readable by others";

    std::string name = unique("secure-file"), script = temp_path("script") + ".sql";
    std::ofstream(script) << source(name) << "SHOW CONNECTORS LIKE '" << name << "';\nDROP CONNECTOR `" << name << "`;\n";
    files().push_back(script);
    Result r = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run --output json " + script);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "\"@type\": \"connector_info\"")) << r.out;
    EXPECT_TRUE(contains(r.out, "\"name\": \"" + name + "\"")) << r.out;
    EXPECT_TRUE(contains(r.out, "\"@type\": \"drop_connector\"")) << r.out;
    expect_no_secret(r, password());

    // Without CONNQL_CONFIG, connql finds the running local cluster, secured as it is.
    Result local = run_command("env -u CONNQL_CONFIG -u CONNQL_CONNECT_URL " + std::string(CONNQL_BINARY) +
                                   " run --output json -",
                               "SHOW CONNECTOR PLUGINS;");
    EXPECT_EQ(local.exit_code, 0) << local.out;
    EXPECT_TRUE(contains(local.out, "FileStreamSourceConnector")) << local.out;
}

TEST_F(SecureCluster, RightCredentialsCreateShowDrop) {
    std::string name = unique("secure"), config = config_file(cluster());
    auto secured = [&](const std::string& script) {
        Result r = run_command("CONNQL_TRACE=1 CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run --output json -",
                               script);
        expect_no_secret(r, password());  // nor in the trace, which shows each request's URL
        return r;
    };
    Result created = secured(source(name));
    ASSERT_EQ(created.exit_code, 0) << created.out;
    nlohmann::json e = entities_of(created);
    ASSERT_EQ(e.size(), 1u) << created.out;
    EXPECT_EQ(e[0]["@type"], "connector_info");
    EXPECT_EQ(e[0]["info"]["name"], name);
    EXPECT_TRUE(contains(created.out, "connql: POST " + worker(0) + "/connectors -> 201")) << created.out;

    // A worker lists a new connector once it has read the config topic: poll, bounded.
    nlohmann::json listed;
    for (int i = 0; i < 50; ++i) {
        Result shown = secured("SHOW CONNECTORS LIKE '" + name + "';");
        ASSERT_EQ(shown.exit_code, 0) << shown.out;
        listed = entities_of(shown);
        if (!listed.empty() && listed[0]["connectors"].size() == 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_EQ(listed[0]["connectors"].size(), 1u) << listed.dump(2);
    EXPECT_EQ(listed[0]["connectors"][0]["name"], name);
    EXPECT_EQ(listed[0]["connectors"][0]["type"], "source");

    Result dropped = secured("DROP CONNECTOR `" + name + "`;");
    ASSERT_EQ(dropped.exit_code, 0) << dropped.out;
    e = entities_of(dropped);
    ASSERT_EQ(e.size(), 1u) << dropped.out;
    EXPECT_EQ(e[0]["@type"], "drop_connector");
    EXPECT_EQ(e[0]["connectorName"], name);
}

TEST_F(SecureCluster, BothWorkersTakeWrites) {
    // A follower forwards a write to the leader over HTTPS, with the caller's credentials:
    // whichever worker leads, each of the two takes a create and the other a drop.
    for (size_t n = 0; n < 2; ++n) {
        std::string name = unique("forwarded");
        Result created = connql_with(cluster({worker(n)}), source(name));
        EXPECT_EQ(created.exit_code, 0) << worker(n) << "\n" << created.out;
        EXPECT_TRUE(contains(created.out, "Created connector " + name)) << created.out;
        Result dropped = connql_with(cluster({worker(1 - n)}), "DROP CONNECTOR `" + name + "`;");
        EXPECT_EQ(dropped.exit_code, 0) << worker(1 - n) << "\n" << dropped.out;
        EXPECT_TRUE(contains(dropped.out, "Dropped connector \"" + name + "\"")) << dropped.out;
    }
}

TEST_F(SecureCluster, AWrongPasswordIsRefusedAndNeverPrinted) {
    std::string wrong = "wrong-" + unique("pw");
    ::setenv("TEST_WRONG_CONNECT_PASSWORD", wrong.c_str(), 1);
    nlohmann::json c = cluster();
    c["password_env"] = "TEST_WRONG_CONNECT_PASSWORD";
    for (const std::string output : {"table", "json"}) {
        Result r = run_command("CONNQL_TRACE=1 CONNQL_CONFIG=" + config_file(c) + " " + CONNQL_BINARY +
                                   " run --output " + output + " -",
                               "SHOW CONNECTORS;");
        EXPECT_EQ(r.exit_code, 1) << r.out;
        EXPECT_TRUE(contains(r.out, "authentication failed for user '" + user() + "' at " + worker(0) + " (401)"))
            << r.out;
        EXPECT_TRUE(contains(r.out, "check the credentials")) << r.out;
        expect_no_secret(r, wrong);
        expect_no_secret(r, password());
    }
    // No credentials at all: the hint says which settings to give.
    nlohmann::json anonymous = cluster();
    anonymous.erase("username");
    anonymous.erase("password_env");
    Result none = connql_with(anonymous, "SHOW CONNECTORS;");
    EXPECT_EQ(none.exit_code, 1) << none.out;
    EXPECT_TRUE(contains(none.out, "authentication failed for no credentials at " + worker(0) + " (401)")) << none.out;
    EXPECT_TRUE(contains(none.out, "the worker requires credentials: give the cluster \"username\" and \"password_env\""))
        << none.out;
}

TEST_F(SecureCluster, HttpsWithTheCaFileWorks) {
    Result r = connql_with(cluster(), "SHOW CONNECTOR PLUGINS;", "--output json");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "org.apache.kafka.connect.file.FileStreamSourceConnector")) << r.out;
    for (const std::string& url : workers()) EXPECT_EQ(url.rfind("https://127.0.0.1:", 0), 0u) << url;
}

TEST_F(SecureCluster, AnUntrustedCertificateNamesTheUrlAndCaFile) {
    // No ca_file: the system's CAs do not know the cluster's own.
    nlohmann::json no_ca = cluster();
    no_ca.erase("ca_file");
    Result r = connql_with(no_ca, "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "error: the TLS certificate of " + worker(0) + " is not trusted (")) << r.out;
    EXPECT_TRUE(contains(r.out, "hint: give the CA certificate that signed the worker's certificate as \"ca_file\""))
        << r.out;

    // Another CA in ca_file.
    OtherCa other;
    nlohmann::json wrong_ca = cluster();
    wrong_ca["ca_file"] = other.ca;
    Result w = connql_with(wrong_ca, "SHOW CONNECTORS;");
    EXPECT_EQ(w.exit_code, 1) << w.out;
    EXPECT_TRUE(contains(w.out, "the TLS certificate of " + worker(0) + " is not signed by the CA of \"ca_file\" " +
                                    other.ca))
        << w.out;
    EXPECT_TRUE(contains(w.out, "hint: check \"ca_file\" of the cluster")) << w.out;

    // A ca_file that cannot be read.
    nlohmann::json missing = cluster();
    missing["ca_file"] = "/nonexistent/ca.pem";
    Result m = connql_with(missing, "SHOW CONNECTORS;");
    EXPECT_EQ(m.exit_code, 1) << m.out;
    EXPECT_TRUE(contains(m.out, "cannot read the CA certificate file \"ca_file\" /nonexistent/ca.pem to check " +
                                    worker(0)))
        << m.out;
    // Certificate errors are the cluster's settings, not a worker that is down: no "cannot connect".
    for (const Result* each : {&r, &w, &m}) EXPECT_FALSE(contains(each->out, "cannot connect")) << each->out;
}

TEST_F(SecureCluster, PlainHttpToTheHttpsListenerSaysUseHttps) {
    std::string https = worker(0);
    std::string http = "http://" + https.substr(std::string("https://").size());
    Result r = connql_with(cluster({http}), "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, http + " did not answer in HTTP")) << r.out;
    EXPECT_TRUE(contains(r.out, "hint: the worker may listen with HTTPS: use https://")) << r.out;
}

// ---------------------------------------------------------------- Connect 3.9 and 4.x

// Connect 4.1 added "version" to every connector and task status (KIP-891), and 4.0 removed
// GET /connectors/{name}/tasks-config (KIP-970). connql reads neither, and DESCRIBE, SHOW
// CONNECTORS and SHOW CONNECTOR PLUGINS read the same from both releases: scripts/test.sh runs
// this suite against 3.9.1 (--secure) and against the newest 4.x (--secure=mtls). The raw
// answers are checked too, so that the test notices if it is not given the release it names.
TEST_F(SecureCluster, EitherConnectReleaseReadsTheSame) {
    const std::string curlrc = std::filesystem::path(ca_file()).parent_path().string() + "/curlrc";  // scripts/cluster's
    auto raw = [&](const std::string& path, long* status = nullptr) {
        Result r = run_command("curl -s -K '" + curlrc + "' -w '\\n%{http_code}' '" + worker(0) + path + "'");
        size_t newline = r.out.rfind('\n');
        if (status != nullptr) *status = newline == std::string::npos ? 0 : std::stol(r.out.substr(newline + 1));
        return nlohmann::json::parse(r.out.substr(0, newline == std::string::npos ? 0 : newline), nullptr, false);
    };
    nlohmann::json root = raw("/");
    ASSERT_TRUE(root.is_object() && root.contains("version")) << root.dump();
    const std::string version = root["version"];
    const int major = std::stoi(version), minor = std::stoi(version.substr(version.find('.') + 1));
    const bool status_versions = major > 4 || (major == 4 && minor >= 1);

    std::string name = unique("release");
    Result created = connql_with(cluster(), "SET 'connql.wait' = 'running';\n" + source(name));
    ASSERT_EQ(created.exit_code, 0) << created.out;

    nlohmann::json status = raw("/connectors/" + name + "/status");
    ASSERT_TRUE(status.is_object() && !status["tasks"].empty()) << status.dump();
    EXPECT_EQ(status["connector"].contains("version"), status_versions) << version << ": " << status.dump();
    EXPECT_EQ(status["tasks"][0].contains("version"), status_versions) << version << ": " << status.dump();
    long tasks_config = 0;
    raw("/connectors/" + name + "/tasks-config", &tasks_config);
    EXPECT_EQ(tasks_config, major >= 4 ? 404 : 200) << version;

    Result described = connql_with(cluster(), "DESCRIBE CONNECTOR `" + name + "`;\nSHOW CONNECTORS LIKE '" + name +
                                                  "';\nSHOW CONNECTOR PLUGINS;",
                                   "--output json");
    ASSERT_EQ(described.exit_code, 0) << described.out;
    nlohmann::json e = entities_of(described);
    ASSERT_EQ(e.size(), 3u) << described.out;
    EXPECT_EQ(e[0]["status"]["connector"]["state"], "RUNNING") << e[0].dump(2);
    EXPECT_EQ(e[0]["status"]["tasks"][0]["state"], "RUNNING") << e[0].dump(2);
    ASSERT_EQ(e[1]["connectors"].size(), 1u) << e[1].dump(2);
    EXPECT_EQ(e[1]["connectors"][0]["state"], "RUNNING (1/1 tasks RUNNING)");
    bool listed = false;
    for (const auto& plugin : e[2]["connectorsPlugins"]) {
        if (plugin["className"] == "org.apache.kafka.connect.file.FileStreamSourceConnector") {
            listed = plugin["version"] == version;
        }
    }
    EXPECT_TRUE(listed) << "FileStreamSourceConnector " << version << " not in " << e[2].dump(2);
    EXPECT_EQ(connql_with(cluster(), "DROP CONNECTOR `" + name + "`;").exit_code, 0);
}

// ---------------------------------------------------------------- user info in URLs

TEST_F(SecureCluster, AUrlWithUserInfoPrintsItsPasswordMasked) {
    const std::string hostport = worker(0).substr(std::string("https://").size());
    const std::string url = "https://" + user() + ":" + password() + "@" + hostport;
    const std::string masked = "https://" + user() + ":***@" + hostport;

    // --connect-url (no ca_file there): the TLS error names the URL, masked.
    Result tls = run_command("CONNQL_TRACE=1 " + std::string(CONNQL_BINARY) + " run --connect-url '" + url + "' -",
                             "SHOW CONNECTORS;");
    EXPECT_EQ(tls.exit_code, 1) << tls.out;
    EXPECT_TRUE(contains(tls.out, "the TLS certificate of " + masked + " is not trusted")) << tls.out;
    EXPECT_TRUE(contains(tls.out, "connql: GET " + masked + "/connectors")) << tls.out;  // the trace line
    expect_no_secret(tls, password());

    // In the config file with the CA: the credentials of the URL are used, and the trace masks them.
    nlohmann::json in_url = cluster({url});
    in_url.erase("username");
    in_url.erase("password_env");
    Result ok = run_command("CONNQL_TRACE=1 CONNQL_CONFIG=" + config_file(in_url) + " " + CONNQL_BINARY + " run -",
                            "SHOW CONNECTORS;");
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_TRUE(contains(ok.out, "connql: GET " + masked + "/connectors?expand=status&expand=info -> 200")) << ok.out;
    expect_no_secret(ok, password());

    // A wrong password in the URL: refused, the user named, the URL masked.
    std::string wrong = "wrong-" + unique("url-pw");
    nlohmann::json wrong_url = cluster({"https://" + user() + ":" + wrong + "@" + hostport});
    wrong_url.erase("username");
    wrong_url.erase("password_env");
    Result refused = connql_with(wrong_url, "SHOW CONNECTORS;");
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_TRUE(contains(refused.out, "authentication failed for user '" + user() + "' at " + masked + " (401)"))
        << refused.out;
    EXPECT_TRUE(contains(refused.out, "hint: check the user and password in the URL")) << refused.out;
    expect_no_secret(refused, wrong);
}

TEST_F(SecureCluster, EveryOtherMessageMasksUrlPasswordsToo) {
    const std::string secret = "pw-" + unique("masked");
    auto with_user = [&](const std::string& plain) { return "http://ops:" + secret + "@" + plain.substr(7); };
    auto masked = [&](const std::string& plain) { return "http://ops:***@" + plain.substr(7); };

    // The list of workers that could not be reached.
    Result down = run("run --connect-url '" + with_user("http://127.0.0.1:1") + "," + with_user("http://127.0.0.1:2") +
                          "' -",
                      "SHOW CONNECTORS;");
    EXPECT_EQ(down.exit_code, 1) << down.out;
    EXPECT_TRUE(contains(down.out, "cannot connect to Kafka Connect at " + masked("http://127.0.0.1:1") + ", " +
                                       masked("http://127.0.0.1:2")))
        << down.out;
    expect_no_secret(down, secret);

    // Something that is not Connect.
    LoopbackServer web([](const std::string&) { return LoopbackServer::answer(200, "text/html", "<html></html>"); });
    Result html = run("run --connect-url '" + with_user(web.url()) + "' -", "SHOW CONNECTORS;");
    EXPECT_EQ(html.exit_code, 1) << html.out;
    EXPECT_TRUE(contains(html.out, masked(web.url()) + " does not look like a Kafka Connect worker")) << html.out;
    expect_no_secret(html, secret);

    // A timeout.
    LoopbackServer silent([](const std::string&) { return std::string(); });
    Result slow = run_command("CONNQL_TRACE=1 " + std::string(CONNQL_BINARY) + " run --connect-url '" +
                                  with_user(silent.url()) + "' -",
                              "SET 'connql.timeout' = '2s';\nSHOW CONNECTORS;");
    EXPECT_EQ(slow.exit_code, 1) << slow.out;
    EXPECT_TRUE(contains(slow.out, "GET " + masked(silent.url()) + "/connectors?expand=status&expand=info timed out"))
        << slow.out;
    expect_no_secret(slow, secret);

    // A 401 from a service that knows only basic auth: the user is named, the password never.
    LoopbackServer locked([](const std::string&) { return LoopbackServer::answer(401, "text/plain", "no"); });
    Result refused = run("run --connect-url '" + with_user(locked.url()) + "' -", "SHOW CONNECTORS;");
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_TRUE(contains(refused.out, "authentication failed for user 'ops' at " + masked(locked.url()) + " (401)"))
        << refused.out;
    expect_no_secret(refused, secret);
}

// ---------------------------------------------------------------- bearer tokens and headers, as sent

// A loopback HTTP proxy that records each request's method, path and headers (one JSON
// object a line) and, when the bearer token is the expected one, forwards the request to
// the secured worker with the cluster's basic-auth credentials (CONNECT_PASSWORD) and CA:
// the gateway a Connect cluster sits behind when clients use tokens.
const char* const kProxy = R"PY(
import base64, http.server, json, os, ssl, sys, threading, urllib.error, urllib.request
port_file, record_file, target, ca, user, token, cert, key = sys.argv[1:]
context = ssl.create_default_context(cafile=ca)
if cert:
    context.load_cert_chain(cert, key)
basic = "Basic " + base64.b64encode((user + ":" + os.environ["CONNECT_PASSWORD"]).encode()).decode()
lock = threading.Lock()

class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def relay(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with lock, open(record_file, "a") as out:
            out.write(json.dumps({"method": self.command, "path": self.path,
                                  "headers": {k.lower(): v for k, v in self.headers.items()}}) + "\n")
        if self.headers.get("Authorization") != "Bearer " + token:
            return self.reply(401, "text/plain", b"bearer token refused")
        request = urllib.request.Request(target + self.path, data=body, method=self.command)
        for name in ("Content-Type", "Accept"):
            if self.headers.get(name):
                request.add_header(name, self.headers[name])
        request.add_header("Authorization", basic)
        try:
            with urllib.request.urlopen(request, context=context, timeout=120) as answer:
                self.reply(answer.status, answer.headers.get("Content-Type"), answer.read())
        except urllib.error.HTTPError as answer:
            self.reply(answer.code, answer.headers.get("Content-Type"), answer.read())

    def reply(self, status, content_type, body):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = relay

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
)PY";

class RecordingProxy {
public:
    RecordingProxy(const std::string& target, const std::string& token, const std::string& ca,
                   const std::string& user, const std::string& cert, const std::string& key) {
        std::ofstream(script_) << kProxy;
        std::string command = "python3 " + script_ + " " + port_file_ + " " + records_ + " '" + target + "' '" + ca +
                              "' '" + user + "' '" + token + "' '" + cert + "' '" + key + "' > " + log_ +
                              " 2>&1 & echo $! > " + pid_file_;
        EXPECT_EQ(std::system(command.c_str()), 0);
        std::ifstream(pid_file_) >> pid_;
        // It writes its port once it listens: poll for it, for at most 10 s.
        for (int i = 0; i < 200 && port_.empty(); ++i) {
            std::ifstream in(port_file_);
            if (!(in >> port_)) {
                port_.clear();
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        EXPECT_FALSE(port_.empty()) << "the recording proxy did not start: " << log();
    }
    ~RecordingProxy() {
        if (pid_ > 0) ::kill(pid_, SIGTERM);
        for (const std::string& path : {script_, port_file_, records_, log_, pid_file_}) std::remove(path.c_str());
    }
    RecordingProxy(const RecordingProxy&) = delete;
    RecordingProxy& operator=(const RecordingProxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + port_; }
    std::vector<nlohmann::json> requests() const {
        std::vector<nlohmann::json> out;
        std::ifstream in(records_);
        for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
        return out;
    }
    std::string log() const {
        std::ifstream in(log_);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }

private:
    std::string base_ = temp_path("proxy");
    std::string script_ = base_ + ".py", port_file_ = base_ + ".port", records_ = base_ + ".jsonl",
                log_ = base_ + ".log", pid_file_ = base_ + ".pid";
    std::string port_;
    int pid_ = 0;
};

TEST_F(SecureCluster, BearerTokenAndHeadersArriveAsSent) {
    const std::string token = "token-" + unique("bearer");
    ::setenv("TEST_CONNECT_TOKEN", token.c_str(), 1);
    RecordingProxy proxy(worker(0), token, ca_file(), user(), mutual_tls() ? env_or_fail("CONNECT_CLIENT_CERT") : "",
                         mutual_tls() ? env_or_fail("CONNECT_CLIENT_KEY") : "");
    nlohmann::json c = {{"urls", {proxy.url()}},
                        {"bearer_token_env", "TEST_CONNECT_TOKEN"},
                        {"headers", {{"X-Team", "data"}, {"X-Request-Source", "connql-secure-test"}}}};
    std::string name = unique("bearer");
    Result r = connql_with(c, source(name) + "SHOW CONNECTORS LIKE '" + name + "';\nDROP CONNECTOR `" + name + "`;",
                           "--output json");
    EXPECT_EQ(r.exit_code, 0) << r.out << proxy.log();
    EXPECT_TRUE(contains(r.out, "\"name\": \"" + name + "\"")) << r.out;  // the real cluster answered, through it
    expect_no_secret(r, token);

    std::vector<nlohmann::json> requests = proxy.requests();
    ASSERT_GE(requests.size(), 3u) << proxy.log();
    std::set<std::string> methods;
    for (const nlohmann::json& request : requests) {
        methods.insert(request["method"].get<std::string>());
        const nlohmann::json& headers = request["headers"];
        EXPECT_EQ(headers.value("authorization", ""), "Bearer " + token) << request.dump();
        EXPECT_EQ(headers.value("x-team", ""), "data") << request.dump();
        EXPECT_EQ(headers.value("x-request-source", ""), "connql-secure-test") << request.dump();
    }
    EXPECT_EQ(methods, (std::set<std::string>{"GET", "POST", "DELETE"}));

    // A token the gateway refuses: named as the bearer token, never printed.
    const std::string wrong = "wrong-" + unique("token");
    ::setenv("TEST_CONNECT_TOKEN", wrong.c_str(), 1);
    Result refused = connql_with(c, "SHOW CONNECTORS;");
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_TRUE(contains(refused.out, "authentication failed for the bearer token at " + proxy.url() + " (401)"))
        << refused.out;
    EXPECT_TRUE(contains(refused.out, "hint: check the token: \"bearer_token_env\"")) << refused.out;
    expect_no_secret(refused, wrong);
    EXPECT_EQ(proxy.requests().back()["headers"].value("authorization", ""), "Bearer " + wrong);
}

// ---------------------------------------------------------------- client certificates (--secure=mtls)

TEST_F(MutualTls, WithTheClientCertificateItWorks) {
    ASSERT_TRUE(mutual_tls()) << "CONNECT_CLIENT_CERT is not set: run these tests against scripts/cluster up --secure=mtls";
    std::string name = unique("mtls");
    Result r = connql_with(cluster(), source(name) + "DESCRIBE CONNECTOR `" + name + "`;\nDROP CONNECTOR `" + name + "`;",
                           "--output json");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    nlohmann::json e = entities_of(r);
    ASSERT_EQ(e.size(), 3u) << r.out;
    EXPECT_EQ(e[1]["@type"], "connector_description");
    EXPECT_EQ(e[1]["connectorClass"], "org.apache.kafka.connect.file.FileStreamSourceConnector");
    expect_no_secret(r, password());
}

TEST_F(MutualTls, WithoutOneTheErrorNamesClientCertAndClientKey) {
    nlohmann::json c = cluster();
    c.erase("client_cert");
    c.erase("client_key");
    Result r = connql_with(c, "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "error: " + worker(0) + " requires a TLS client certificate, and none was given")) << r.out;
    EXPECT_TRUE(contains(r.out, "hint: give \"client_cert\" and \"client_key\" (PEM files) of the cluster")) << r.out;
    EXPECT_FALSE(contains(r.out, "cannot connect")) << r.out;
}

TEST_F(MutualTls, ACertificateOfAnotherCaIsRefused) {
    OtherCa other;
    nlohmann::json c = cluster();
    c["client_cert"] = other.cert;
    c["client_key"] = other.key;
    Result r = connql_with(c, "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "error: " + worker(0) + " refused the client certificate \"client_cert\" " + other.cert))
        << r.out;
    EXPECT_TRUE(contains(r.out, "check \"client_cert\" and \"client_key\"")) << r.out;
}

TEST_F(MutualTls, AnUnreadableCertificateNamesClientCert) {
    nlohmann::json c = cluster();
    c["client_cert"] = "/nonexistent/client.pem";
    Result r = connql_with(c, "SHOW CONNECTORS;");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "cannot use the client certificate \"client_cert\" /nonexistent/client.pem with "
                                "\"client_key\" " + env_or_fail("CONNECT_CLIENT_KEY") + " for " + worker(0)))
        << r.out;
}

}  // namespace
}  // namespace connql::testing
