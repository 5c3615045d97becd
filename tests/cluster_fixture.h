// The fixture of the tests against the real two-worker cluster of scripts/cluster
// (scripts/test.sh starts it and exports CONNECT_URLS and BOOTSTRAP_SERVERS). No
// fake: where Connect answers, the real Connect answers.
#pragma once

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "subprocess.h"

namespace connql::testing {

inline std::string env_or_fail(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        ADD_FAILURE() << name << " is not set: run these tests through scripts/test.sh, which starts the cluster";
        return "http://127.0.0.1:1";
    }
    return value;
}

inline std::string unique(const std::string& base) {
    static int counter = 0;
    return base + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

class Cluster : public ::testing::Test {
protected:
    static std::string urls() { return env_or_fail("CONNECT_URLS"); }

    static Result connql(const std::string& script, const std::string& extra = "") {
        return run_command("CONNQL_BOOTSTRAP_SERVERS=" + env_or_fail("BOOTSTRAP_SERVERS") + " " + CONNQL_BINARY +
                               " run --connect-url '" + urls() + "' " + extra + " -",
                           script);
    }

    // Runs `script` with --output json and returns the entities.
    static nlohmann::json json(const std::string& script, int expected_exit = 0) {
        Result r = connql(script, "--output json");
        EXPECT_EQ(r.exit_code, expected_exit) << script << "\n" << r.out;
        return entities_of(r);
    }

    // The JSON array a run printed on stdout. `out` has stderr mixed in: an error
    // before the array, the summary of a failed run after it.
    static nlohmann::json entities_of(const Result& r) {
        size_t start = r.out.find("[\n");
        size_t end = r.out.find("\n]\n", start == std::string::npos ? 0 : start);
        if (start == std::string::npos || end == std::string::npos) {
            start = r.out.find("[]");
            if (start == std::string::npos) {
                ADD_FAILURE() << "no JSON in: " << r.out;
                return nlohmann::json::array();
            }
            return nlohmann::json::array();
        }
        return nlohmann::json::parse(r.out.substr(start, end + 2 - start));
    }

    // The row of a failed run's summary for the statement at `location` ("<stdin>:3").
    static std::string summary_row(const std::string& out, const std::string& location) {
        size_t at = out.find(" " + location + " |");
        if (at == std::string::npos) return "";
        return out.substr(at, out.find('\n', at) - at);
    }

    static nlohmann::json config_of(const std::string& name) {
        nlohmann::json entities = json("DESCRIBE CONNECTOR `" + name + "` EXTENDED;");
        return entities.empty() ? nlohmann::json() : entities[0]["config"];
    }

    static std::string source(const std::string& name, const std::string& topic, const std::string& extra = "") {
        return "CREATE SOURCE CONNECTOR `" + name + "` USING 'FileStreamSource' WITH (file = '/tmp/" + name +
               ".txt', topic = '" + topic + "'" + extra + ") FORMAT KEY STRING VALUE STRING;\n";
    }

    static void drop(const std::string& names) { connql("DROP CONNECTOR IF EXISTS " + names + ";"); }

    // Runs `script` until `ready` holds for its entities (at most ~10 s) and returns
    // the last entities: Connect reports states, offsets and topics a moment late.
    template <typename Ready>
    static nlohmann::json json_eventually(const std::string& script, Ready ready) {
        nlohmann::json entities;
        for (int i = 0; i < 50; ++i) {
            entities = json(script);
            if (ready(entities)) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return entities;
    }

    // How many connectors match `pattern`, once the workers agree: a worker's list
    // can lag a moment behind a create made through the other one. For a count
    // above zero, waiting until it is reached is enough.
    static size_t count_eventually(const std::string& pattern, size_t expected) {
        return json_eventually("SHOW CONNECTORS LIKE '" + pattern + "';", [&](const nlohmann::json& e) {
                   return e[0]["connectors"].size() == expected;
               })[0]["connectors"].size();
    }

    // The connectors matching `pattern` that exist on the cluster, as each worker
    // sees it after every write made before this call. A zero read straight away
    // proves nothing (the worker may lag), so a marker connector is created
    // through the config topic after everything under test; once a worker lists
    // the marker, it has read every earlier create too (the topic is one ordered log).
    static std::set<std::string> existing_after_barrier(const std::string& pattern) {
        std::string marker = unique("barrier");
        EXPECT_EQ(connql(source(marker, marker)).exit_code, 0);
        std::set<std::string> names;
        std::string all = urls();
        for (size_t start = 0; start < all.size();) {
            size_t comma = all.find(',', start);
            std::string worker = all.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            start = comma == std::string::npos ? all.size() : comma + 1;
            nlohmann::json seen;
            bool has_marker = false;
            for (int i = 0; i < 100 && !has_marker; ++i) {
                Result r = run_command(std::string(CONNQL_BINARY) + " run --output json --connect-url " + worker + " -",
                                       "SHOW CONNECTORS;");
                nlohmann::json listed = entities_of(r);
                seen = listed.empty() ? nlohmann::json::array() : listed[0]["connectors"];
                for (const auto& c : seen) has_marker = has_marker || c["name"] == marker;
                if (!has_marker) std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            EXPECT_TRUE(has_marker) << worker << " never listed " << marker;
            for (const auto& c : seen) {
                std::string name = c["name"];
                if (like_pattern(name, pattern)) names.insert(name);
            }
        }
        drop("`" + marker + "`");
        return names;
    }

    // SQL LIKE with % only, as the tests use it.
    static bool like_pattern(const std::string& text, const std::string& pattern) {
        size_t percent = pattern.find('%');
        if (percent == std::string::npos) return text == pattern;
        return text.compare(0, percent, pattern, 0, percent) == 0 &&
               text.size() >= pattern.size() - 1 &&
               text.compare(text.size() - (pattern.size() - percent - 1), std::string::npos, pattern, percent + 1) == 0;
    }
};

// The pid of worker 1 or 2 of the local cluster, for the fault tests.
inline int worker_pid(int worker) {
    const char* dir = std::getenv("CONNQL_CLUSTER_DIR");
    std::string state = dir ? dir : std::string(std::getenv("HOME")) + "/.cache/connql/cluster";
    std::ifstream pid_file(state + "/worker" + std::to_string(worker) + ".pid");
    int pid = 0;
    pid_file >> pid;
    return pid;
}

}  // namespace connql::testing
