// SHOW CONNECTORS' rows read from Connect's GET /connectors?expand=status&expand=info
// without a JSON tree (engine/connector_list_reader.h), the rows written back as JSON text
// without one (render/json_text.h), and the credential scan every server answer passes.
// The reader is checked against a reading through nlohmann's tree, written here as the
// rows were read before: the same rows for every answer, whatever its shape.
#include <random>

#include <nlohmann/json.hpp>

#include "compiler/secrets.h"
#include "engine/connect_reading.h"
#include "engine/connector_list_reader.h"
#include "helpers.h"
#include "render/entities.h"
#include "render/json_text.h"

namespace connql::testing {
namespace {

using Json = nlohmann::json;
using Rows = std::vector<ConnectorRow>;

std::string text_of(const Json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& member_of(const Json& object, const char* key) {
    static const Json null;
    if (!object.is_object()) return null;
    auto it = object.find(key);
    return it == object.end() ? null : *it;
}

// The reading through a tree. nlohmann's object is a std::map: by name, the last of a
// name given twice.
Rows rows_through_a_tree(const std::string& answer) {
    Json tree = Json::parse(answer);
    Rows rows;
    for (auto it = tree.begin(); it != tree.end(); ++it) {
        const Json& info = member_of(*it, "info");
        const Json& status = member_of(*it, "status");
        StatusSummary summary;
        summary.connector_state = text_of(member_of(status, "connector"), "state");
        const Json& tasks = member_of(status, "tasks");
        if (tasks.is_array()) {
            for (const Json& task : tasks) {
                const std::string state = text_of(task, "state");
                ++summary.tasks_total;
                summary.tasks_running += state == "RUNNING";
                summary.tasks_failed += state == "FAILED";
            }
        }
        ConnectorRow row{it.key(), text_of(info, "type"), text_of(member_of(info, "config"), "connector.class"),
                         summary.text(), summary.connector_state, summary.tasks_total, summary.tasks_running,
                         summary.tasks_failed};
        if (row.type.empty()) row.type = text_of(status, "type");
        rows.push_back(row);
    }
    return rows;
}

std::string describe(const Rows& rows) {
    std::string out;
    for (const ConnectorRow& r : rows) {
        out += r.name + " | " + r.type + " | " + r.class_name + " | " + r.state + " | " + r.connector_state + " | " +
               std::to_string(r.tasks_total) + "/" + std::to_string(r.tasks_running) + "/" +
               std::to_string(r.tasks_failed) + "\n";
    }
    return out;
}

Rows read(const std::string& answer) {
    auto read = read_connector_rows(answer);
    if (const auto* problem = std::get_if<std::string>(&read)) {
        ADD_FAILURE() << *problem << " in " << answer.substr(0, 300);
        return {};
    }
    return std::get<Rows>(read);
}

std::string problem_of(const std::string& answer) {
    auto read = read_connector_rows(answer);
    const auto* problem = std::get_if<std::string>(&read);
    return problem ? *problem : "(no problem)";
}

// A value of any kind, nested up to `depth`: what the reader must step over.
Json any_value(std::mt19937& random, int depth) {
    switch (random() % (depth > 0 ? 8 : 6)) {
        case 0: return nullptr;
        case 1: return random() % 2 == 0;
        case 2: return static_cast<int>(random() % 2000) - 1000;
        case 3: return (random() % 100000) / 7.0;
        case 4: return "RUNNING";
        case 5: return std::string("a \"quoted\" \\ value\n\x01 caf\xC3\xA9 ") + std::to_string(random());
        case 6: {
            Json array = Json::array();
            for (int i = static_cast<int>(random() % 4); i > 0; --i) array.push_back(any_value(random, depth - 1));
            return array;
        }
        default: {
            Json object = Json::object();
            for (int i = static_cast<int>(random() % 4); i > 0; --i) object["k" + std::to_string(random() % 9)] = any_value(random, depth - 1);
            return object;
        }
    }
}

// A field the rows read, usually of its kind, sometimes of another or missing.
void maybe(std::mt19937& random, Json& object, const char* key, Json usual) {
    const unsigned roll = random() % 10;
    if (roll < 7) {
        object[key] = std::move(usual);
    } else if (roll < 9) {
        object[key] = any_value(random, 2);
    }
}

std::string random_answer(std::mt19937& random) {
    static const char* const states[] = {"RUNNING", "FAILED", "PAUSED", "UNASSIGNED", "STOPPED", "RESTARTING"};
    static const char* const names[] = {"jdbc-orders", "s3 \"sink\"", "caf\xC3\xA9-\xE2\x82\xAC", "back\\slash", "tab\there",
                                        "a", "b", "zz", "control\x02"};
    Json answer = Json::object();
    for (int i = static_cast<int>(random() % 12); i > 0; --i) {
        Json connector = Json::object();
        Json status = Json::object();
        Json info = Json::object();
        maybe(random, status, "connector", {{"state", states[random() % 6]}, {"worker_id", "w:8083"}});
        Json tasks = Json::array();
        for (int t = static_cast<int>(random() % 4); t > 0; --t) {
            if (random() % 6 == 0) {
                tasks.push_back(any_value(random, 1));
            } else {
                tasks.push_back({{"id", t}, {"state", states[random() % 6]}, {"worker_id", "w:8083"}});
            }
        }
        maybe(random, status, "tasks", tasks);
        maybe(random, status, "type", random() % 2 ? "source" : "sink");
        maybe(random, info, "type", random() % 2 ? "sink" : "source");
        maybe(random, info, "config", {{"connector.class", "io.Example" + std::to_string(random() % 5)}, {"x", any_value(random, 2)}});
        maybe(random, info, "tasks", any_value(random, 2));
        maybe(random, connector, "status", status);
        maybe(random, connector, "info", info);
        if (random() % 5 == 0) connector["extra"] = any_value(random, 3);
        answer[std::string(names[random() % 9]) + std::to_string(random() % 40)] = random() % 12 == 0 ? any_value(random, 1) : connector;
    }
    return random() % 2 ? answer.dump() : answer.dump(2);
}

TEST(ConnectorListing, ReadsTheRowsATreeReads) {
    const std::string answer = R"({"b-sink":{"status":{"name":"b-sink","connector":{"state":"RUNNING","worker_id":"w1"},
        "tasks":[{"id":0,"state":"RUNNING","worker_id":"w1"},{"id":1,"state":"FAILED","worker_id":"w2","trace":"x"}],
        "type":"sink"},"info":{"name":"b-sink","config":{"connector.class":"io.S3Sink","topics":"t"},
        "tasks":[{"connector":"b-sink","task":0}],"type":"sink"}},
      "a-src":{"status":{"connector":{"state":"PAUSED"},"tasks":[],"type":"source"},
        "info":{"config":{"connector.class":"io.Jdbc"}}},
      "gone":{}})";
    Rows rows = read(answer);
    EXPECT_EQ(describe(rows), describe(rows_through_a_tree(answer)));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].name, "a-src");  // by name
    EXPECT_EQ(rows[0].type, "source") << "from the status when the info has none";
    EXPECT_EQ(rows[0].state, "PAUSED");
    EXPECT_EQ(rows[1].state, "RUNNING (1/2 tasks RUNNING)");
    EXPECT_EQ(rows[1].tasks_failed, 1);
    EXPECT_EQ(rows[1].class_name, "io.S3Sink");
    EXPECT_EQ(rows[2].name, "gone") << "a connector removed while the worker listed it";
    EXPECT_EQ(rows[2].class_name, "");
}

TEST(ConnectorListing, EveryShapeOfAnswerGivesTheRowsATreeGives) {
    std::mt19937 random(20261122);
    for (int i = 0; i < 2000; ++i) {
        const std::string answer = random_answer(random);
        ASSERT_EQ(describe(read(answer)), describe(rows_through_a_tree(answer))) << answer;
    }
}

TEST(ConnectorListing, ANameGivenTwiceCountsOnceWithItsLastValue) {
    const std::string answer = R"({"x":{"info":{"type":"source"}},"y":{},"x":{"info":{"type":"sink"}}})";
    EXPECT_EQ(describe(read(answer)), describe(rows_through_a_tree(answer)));
    EXPECT_EQ(read(answer).size(), 2u);
}

TEST(ConnectorListing, AKeyGivenTwiceInsideAConnectorCountsWithItsLastValue) {
    for (const std::string answer : {
             R"({"c":{"status":{"connector":{"state":"RUNNING"},"tasks":[{"state":"RUNNING"}]},"status":{"connector":{"state":"RUNNING"},"tasks":[{"state":"RUNNING"}]}}})",
             R"({"c":{"info":{"type":"sink"},"info":{}}})",
             R"({"c":{"info":{"config":{"connector.class":"io.A"},"config":{}}}})",
             R"({"c":{"status":{"tasks":[{"state":"FAILED"}],"tasks":null,"connector":{"state":"PAUSED"},"connector":3}}})",
             R"({"c":{"status":{"type":"sink"},"status":null,"info":{"type":"source"}}})"}) {
        EXPECT_EQ(describe(read(answer)), describe(rows_through_a_tree(answer))) << answer;
    }
}

TEST(ConnectorListing, AnAnswerNestedTooDeepIsRefusedNotFollowed) {
    // 200 KB, the size of a 500-connector answer, nested 100,000 deep: the recursive parser
    // ran out of a thread's 8 MB stack on it before there was a limit.
    const std::string answer = R"({"c":{"x":)" + std::string(100000, '[') + std::string(100000, ']') + "}}";
    EXPECT_EQ(problem_of(answer), "the list of connectors is nested more than 256 deep (Connect's is 5 deep)");
    const std::string deep_enough = R"({"c":{"x":)" + std::string(250, '[') + std::string(250, ']') + "}}";
    EXPECT_EQ(describe(read(deep_enough)), describe(rows_through_a_tree(deep_enough)));
}

TEST(ConnectorListing, AnAnswerThatIsNotAListSaysWhatIsWrong) {
    EXPECT_EQ(problem_of("[]"), "the list of connectors is not a JSON object");
    EXPECT_EQ(problem_of("\"text\""), "the list of connectors is not a JSON object");
    EXPECT_NE(problem_of("").find("not JSON"), std::string::npos) << problem_of("");
    EXPECT_NE(problem_of(R"({"a":{"status":{)").find("not JSON"), std::string::npos) << "cut short";
    EXPECT_NE(problem_of(R"({"a":{}} {"b":{}})").find("not JSON"), std::string::npos) << "more after it";
    EXPECT_NE(problem_of(R"({"a":{"x":tru}})").find("not JSON"), std::string::npos);
    EXPECT_NE(problem_of(std::string("{\"a\":{}}\0 trailing", 18)).find("NUL"), std::string::npos);
    EXPECT_EQ(problem_of("  {}  "), "(no problem)");
    // A page that is not JSON (a proxy's, sent as JSON): what it starts with, printable.
    EXPECT_NE(problem_of("<!DOCTYPE html>\n<html>" + std::string(200, 'x')).find("\"<!DOCTYPE html>?<html>xxx"), std::string::npos)
        << problem_of("<!DOCTYPE html>\n<html>");
    EXPECT_NE(problem_of(std::string(200, 'x')).find(std::string(80, 'x') + "...\""), std::string::npos);
    EXPECT_EQ(problem_of(R"({"a":{"n":123456789012345678901234567890,"m":-0.5E-3,"o":0}})"), "(no problem)");
}

TEST(ConnectorListing, AnswersThatArriveInPiecesAreReadWhole) {
    std::mt19937 random(7);
    for (int i = 0; i < 50; ++i) {
        const std::string answer = random_answer(random);
        for (size_t piece : {size_t{1}, size_t{3}, size_t{16}, size_t{4096}}) {
            ConnectorListReader reader;
            reader.restart();
            for (size_t at = 0; at < answer.size(); at += piece) reader.consume(std::string_view(answer).substr(at, piece));
            reader.end();
            const auto* listing = std::get_if<std::shared_ptr<const ConnectorListing>>(&reader.result());
            ASSERT_NE(listing, nullptr);
            EXPECT_EQ(describe((*listing)->rows), describe(rows_through_a_tree(answer))) << "in pieces of " << piece;
        }
    }
}

TEST(ConnectorListing, TheSameAnswerAgainGivesTheSameRowsWithoutReadingThem) {
    const std::string answer = R"({"a":{"status":{"connector":{"state":"RUNNING"},"tasks":[]}}})";
    auto listing_of = [](const std::string& text, std::shared_ptr<const ConnectorListing> last) {
        return std::get<std::shared_ptr<const ConnectorListing>>(read_connector_listing(text, std::move(last)));
    };
    auto first = listing_of(answer, nullptr);
    EXPECT_EQ(listing_of(answer, first), first) << "the very rows of the last answer";
    // One byte changed (a state): read again, and the new state is in the rows.
    std::string changed = answer;
    changed.replace(changed.find("RUNNING"), 7, "FAILED!");
    auto second = listing_of(changed, first);
    EXPECT_NE(second, first);
    EXPECT_EQ(second->rows.at(0).connector_state, "FAILED!");
    // Bytes that say the same thing another way are another answer: read, same rows.
    auto spaced = listing_of(" " + answer, first);
    EXPECT_NE(spaced, first);
    EXPECT_EQ(describe(spaced->rows), describe(first->rows));
}

TEST(JsonText, StringsAreWrittenAsNlohmannWritesThem) {
    std::vector<std::string> texts = {"", "plain", "\"quoted\" \\ back\tslash\nnew line\r\b\f", "caf\xC3\xA9 \xE2\x82\xAC",
                                      "bad \xC3 byte", "\xFF\xFE", std::string("nul\0inside", 10), "\x7F del"};
    std::string every;
    for (int c = 1; c < 0x80; ++c) every += static_cast<char>(c);
    texts.push_back(every);
    texts.push_back(std::string(100, 'x') + "\"" + std::string(17, 'y') + "\x01");  // past SSE2's 16-byte steps
    for (const std::string& text : texts) {
        std::string written = "prefix";
        append_json_string(written, text);
        EXPECT_EQ(written, "prefix" + nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
            << text;
    }
}

TEST(JsonText, TheConnectorListEntityIsTheTreesDumpByteForByte) {
    auto rows = std::make_shared<Rows>();
    rows->push_back({"a \"b\" \\ c", "source", "io.X", "RUNNING (1/1 tasks RUNNING)", "RUNNING", 1, 1, 0});
    rows->push_back({"caf\xC3\xA9\t\x01", "sink", "", "FAILED", "FAILED", 3, 0, 2});
    rows->push_back({"bad \xC3 byte", "", "io.Y", "", "", 0, 0, 0});
    ConnectorList list;
    list.connectors = rows;
    StatementResult result{"SHOW CONNECTORS LIKE '%';", list, {"a warning"}};
    std::optional<EntityParts> parts = render_entity_parts(result);
    ASSERT_TRUE(parts.has_value());
    const std::string text = parts->text();
    // The entity as a tree, built here field by field as the renderer built it before.
    nlohmann::ordered_json tree = {{"@type", "connector_list"}, {"statementText", "SHOW CONNECTORS LIKE '%';"}};
    tree["connectors"] = nlohmann::ordered_json::array();
    for (const ConnectorRow& c : *rows) {
        tree["connectors"].push_back({{"name", c.name}, {"type", c.type}, {"className", c.class_name}, {"state", c.state},
                                      {"connectorState", c.connector_state}, {"tasksRunning", c.tasks_running},
                                      {"tasksTotal", c.tasks_total}, {"tasksFailed", c.tasks_failed}});
    }
    tree["warnings"] = nlohmann::ordered_json::array({{{"message", "a warning"}}});
    EXPECT_EQ(text, tree.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    EXPECT_EQ(text, render_entity(result)->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    nlohmann::json parsed = nlohmann::json::parse(text);
    ASSERT_EQ(parsed["connectors"].size(), 3u);
    EXPECT_EQ(parsed["connectors"][0]["name"], "a \"b\" \\ c");
    EXPECT_EQ(parsed["connectors"][1]["tasksFailed"], 2);
    EXPECT_EQ(parsed["warnings"][0]["message"], "a warning");
    // Written again for the same rows (a poll of an unchanged cluster): the same bytes.
    EXPECT_EQ(render_entity_parts(result)->text(), text);
    // Other rows at once: their own text, not the last one's.
    auto other = std::make_shared<Rows>(*rows);
    other->at(0).name = "renamed";
    list.connectors = other;
    EXPECT_NE(render_entity_parts(StatementResult{"SHOW CONNECTORS;", list, {}})->text().find("\"renamed\""), std::string::npos);
}

TEST(CredentialScan, AMarkerIsFoundAtEveryPlaceAndInAnyCase) {
    // The scan looks at 16 bytes at a time: a marker across every boundary, in mixed case.
    const std::vector<std::pair<std::string, std::string>> markers = {
        {"Authorization: Bearer ", "Authorization: Bearer ***"}, {"bEaReR ", "bEaReR ***"},
        {"X-API-KEY: ", "X-API-KEY: ***"}, {"apikey: ", "apikey: ***"}, {"api-key: ", "api-key: ***"}};
    for (const auto& [marker, masked] : markers) {
        for (size_t at = 0; at < 40; ++at) {
            const std::string before(at, 'a');  // 'a' starts markers too: every byte a candidate
            const std::string text = before + marker + "s3cr3tCredential99 and after";
            EXPECT_EQ(mask_embedded_credentials(text), before + masked + " and after") << text;
        }
    }
    const std::string plain(1000, 'b');
    EXPECT_EQ(mask_embedded_credentials(plain), plain);
    for (size_t at = 0; at < 40; ++at) {
        const std::string text = std::string(at, ':') + "https://user:pw-s3cret@host/x";
        EXPECT_EQ(mask_embedded_credentials(text), std::string(at, ':') + "https://user:***@host/x") << text;
    }
}

}  // namespace
}  // namespace connql::testing
