#include "repl/help.h"

#include <cctype>
#include <sstream>

#include "common/text.h"

namespace connql {

const std::vector<HelpEntry>& help_entries() {
    static const std::vector<HelpEntry> entries = {
        {"CREATE CONNECTOR", "CREATE [OR REPLACE] SOURCE|SINK CONNECTOR [IF NOT EXISTS] name USING 'class' WITH (...) ...;",
         "CREATE [OR REPLACE] (SOURCE | SINK) CONNECTOR [IF NOT EXISTS] name\n"
         "  [USING 'class-or-alias']\n"
         "  [WITH ( key = value [, ...] )]\n"
         "  [FORMAT [KEY format] [VALUE format] [HEADER format]]\n"
         "  [TRANSFORM alias USING 'type' [WITH (...)] [WHEN [NOT] predicate]] ...\n"
         "  [PREDICATE alias USING 'type' [WITH (...)]] ...\n"
         "  [ON ERROR (FAIL | SKIP [AND LOG [MESSAGES]]\n"
         "            | SEND TO DEAD LETTER TOPIC 'topic' [WITH CONTEXT HEADERS] [REPLICATION FACTOR n]\n"
         "              [AND LOG [MESSAGES]])]\n"
         "  [RETRY ERRORS (FOR 'duration' | FOREVER) [MAX DELAY 'duration']] ;\n"
         "Formats: STRING, JSON, JSON WITH SCHEMAS, BYTES, AVRO, PROTOBUF, JSON_SR (HEADER: also SIMPLE).",
         "CREATE SOURCE CONNECTOR orders_file USING 'FileStreamSource'\n"
         "  WITH (file = '/tmp/orders.txt', topic = 'orders')\n"
         "  FORMAT KEY STRING VALUE JSON\n"
         "  TRANSFORM route USING 'RegexRouter' WITH (regex = '(.*)', replacement = 'raw-$1');"},
        {"ALTER CONNECTOR", "ALTER CONNECTOR name SET (...) | UNSET (...) | ADD TRANSFORM ... | DROP TRANSFORM t | RESET OFFSETS | ...;",
         "ALTER CONNECTOR name SET ( key = value [, ...] ) ;\n"
         "ALTER CONNECTOR name UNSET ( key [, ...] ) ;\n"
         "ALTER CONNECTOR name ADD TRANSFORM alias USING 'type' [WITH (...)] [WHEN ...]\n"
         "                     [FIRST | BEFORE other | AFTER other] ;\n"
         "ALTER CONNECTOR name DROP TRANSFORM alias ;\n"
         "ALTER CONNECTOR name RESET OFFSETS ;\n"
         "ALTER CONNECTOR name SET OFFSETS '<json as in PATCH /connectors/{name}/offsets>' ;\n"
         "ALTER CONNECTOR name RESET TOPICS ;",
         "ALTER CONNECTOR orders_file SET ('tasks.max' = 2);"},
        {"DROP CONNECTOR", "DROP CONNECTOR [IF EXISTS] name [, name ...];",
         "DROP CONNECTOR [IF EXISTS] name [, name ...] ;\nEvery name is tried; one line per name says what happened.",
         "DROP CONNECTOR IF EXISTS orders_file, orders_sink;"},
        {"PAUSE CONNECTOR", "PAUSE CONNECTOR name;", "PAUSE CONNECTOR name ;", "PAUSE CONNECTOR orders_file;"},
        {"RESUME CONNECTOR", "RESUME CONNECTOR name;", "RESUME CONNECTOR name ;", "RESUME CONNECTOR orders_file;"},
        {"STOP CONNECTOR", "STOP CONNECTOR name;", "STOP CONNECTOR name ;\nA STOPPED connector's offsets can be changed.",
         "STOP CONNECTOR orders_file;"},
        {"RESTART CONNECTOR", "RESTART CONNECTOR name [WITH TASKS] [ONLY FAILED] | RESTART CONNECTOR name TASK n;",
         "RESTART CONNECTOR name [WITH TASKS] [ONLY FAILED] ;\nRESTART CONNECTOR name TASK n ;",
         "RESTART CONNECTOR orders_file WITH TASKS ONLY FAILED;"},
        {"SHOW CONNECTORS", "SHOW | LIST [SOURCE | SINK] CONNECTORS [LIKE 'pattern'];",
         "SHOW | LIST [SOURCE | SINK] CONNECTORS [LIKE 'pattern'] ;", "SHOW SOURCE CONNECTORS LIKE 'orders%';"},
        {"DESCRIBE CONNECTOR", "DESCRIBE CONNECTOR name [EXTENDED];",
         "DESCRIBE CONNECTOR name [EXTENDED] ;\nEXTENDED adds the config, with secrets masked.",
         "DESCRIBE CONNECTOR orders_file EXTENDED;"},
        {"SHOW CREATE CONNECTOR", "SHOW CREATE CONNECTOR name;",
         "SHOW CREATE CONNECTOR name ;\nThe live config as a CREATE statement (secrets masked).",
         "SHOW CREATE CONNECTOR orders_file;"},
        {"SHOW PLUGINS", "SHOW | LIST CONNECTOR PLUGINS [LIKE 'pattern'];  SHOW | LIST ALL PLUGINS [LIKE 'pattern'];",
         "SHOW | LIST CONNECTOR PLUGINS [LIKE 'pattern'] ;\nSHOW | LIST ALL PLUGINS [LIKE 'pattern'] ;",
         "SHOW CONNECTOR PLUGINS;"},
        {"DESCRIBE PLUGIN", "DESCRIBE PLUGIN 'class-or-alias';",
         "DESCRIBE PLUGIN 'class-or-alias' ;\nThe plugin's config keys, with type, default and documentation.",
         "DESCRIBE PLUGIN 'FileStreamSource';"},
        {"SHOW CONNECTOR OFFSETS", "SHOW CONNECTOR OFFSETS name;", "SHOW CONNECTOR OFFSETS name ;",
         "SHOW CONNECTOR OFFSETS orders_file;"},
        {"SHOW CONNECTOR TOPICS", "SHOW CONNECTOR TOPICS name;", "SHOW CONNECTOR TOPICS name ;",
         "SHOW CONNECTOR TOPICS orders_file;"},
        {"SHOW ERRORS", "SHOW ERRORS FOR CONNECTOR name [LIMIT n] [FROM BEGINNING];",
         "SHOW ERRORS FOR CONNECTOR name [LIMIT n] [FROM BEGINNING] ;\n"
         "The records of the sink's dead letter topic (errors.deadletterqueue.topic.name): time, original\n"
         "topic/partition@offset, stage, class, exception and message (WITH CONTEXT HEADERS), key and value.\n"
         "The last n (20) records; FROM BEGINNING: from the start (the first n with LIMIT). Reads up to the\n"
         "topic's end and returns; never waits for new records.",
         "SHOW ERRORS FOR CONNECTOR orders_sink LIMIT 5;"},
        {"SHOW TOPICS", "SHOW | LIST TOPICS [EXTENDED];", "SHOW | LIST TOPICS [EXTENDED] ;\nFrom the cluster's brokers.",
         "SHOW TOPICS;"},
        {"PRINT", "PRINT 'topic' [FROM BEGINNING] [LIMIT n];",
         "PRINT 'topic' [FROM BEGINNING] [LIMIT n] ;\n"
         "Stops after LIMIT records, or when no record came for 'connql.print.idle' (3s). Ctrl-C stops it.",
         "PRINT 'orders' FROM BEGINNING LIMIT 10;"},
        {"EXPLAIN", "EXPLAIN <CREATE or ALTER statement>;",
         "EXPLAIN CREATE ... ;\nEXPLAIN ALTER ... ;\nThe config and the calls it would make; nothing that changes the cluster is sent.",
         "EXPLAIN CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (file = '/tmp/x', topic = 'x');"},
        {"VALIDATE", "VALIDATE <CREATE statement>;",
         "VALIDATE CREATE ... ;\nConnect's validation of the config, with the errors shown per key.",
         "VALIDATE CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (topic = 'x');"},
        {"DEFINE", "DEFINE name = 'value';",
         "DEFINE name = 'value' ;\nUsed as ${name} in values and names, from the next statement on.",
         "DEFINE env = 'prod';"},
        {"UNDEFINE", "UNDEFINE name;", "UNDEFINE name ;", "UNDEFINE env;"},
        {"SHOW VARIABLES", "SHOW | LIST VARIABLES;", "SHOW | LIST VARIABLES ;", "SHOW VARIABLES;"},
        {"SHOW PROPERTIES", "SHOW | LIST PROPERTIES;",
         "SHOW | LIST PROPERTIES ;\nThe SET properties of the session, then every connql.* property's default.",
         "SHOW PROPERTIES;"},
        {"SHOW STREAMS", "SHOW | LIST STREAMS | TABLES | QUERIES;",
         "SHOW | LIST STREAMS | TABLES | QUERIES [EXTENDED] ;\nAlways empty: connql manages connectors. For ksqlDB "
         "clients that test a connection with them.",
         "SHOW STREAMS;"},
        {"SET", "SET 'property' = 'value';",
         "SET 'property' = 'value' ;\n"
         "connql's properties: connql.wait, connql.wait.timeout, connql.wait.settle, connql.timeout,\n"
         "connql.print.idle, connql.dialect, connql.schema.registry.url, connql.output ('table' or 'json').",
         "SET 'connql.wait' = 'running';"},
        {"UNSET", "UNSET 'property';", "UNSET 'property' ;", "UNSET 'connql.wait';"},
        {"USE CLUSTER", "USE CLUSTER name;",
         "USE CLUSTER name ;\nA cluster of the config file (~/.config/connql/clusters.json); the prompt shows it.",
         "USE CLUSTER prod;"},
        {"SHOW CLUSTERS", "SHOW | LIST CLUSTERS;", "SHOW | LIST CLUSTERS ;", "SHOW CLUSTERS;"},
        {"RUN SCRIPT", "RUN SCRIPT 'file.sql';", "RUN SCRIPT 'file.sql' ;", "RUN SCRIPT 'connectors/orders.sql';"},
        {"HELP", "HELP [topic];   help   \\?",
         "HELP ;\nHELP topic ;   (HELP CREATE, HELP SHOW, HELP KEYS)\nhelp   \\?   (on a line of their own)",
         "HELP ALTER;"},
        {"KEYS", "Tab, Ctrl-R, Ctrl-C, Ctrl-D and the other keys of the REPL",
         "Tab          complete keywords, connector names, plugins, config keys, ${variables}, clusters\n"
         "Up / Down    earlier statements (history), Ctrl-R searches them\n"
         "Ctrl-C       clear the line, or stop a running wait or PRINT; never leaves\n"
         "Ctrl-D       leave (on an empty line); on an unfinished statement, discard it unrun\n"
         "Ctrl-A / E   start / end of line    Alt-B / F, Ctrl-Left / Right   word moves\n"
         "Ctrl-K / U / W   cut to end / to start / the word before",
         "exit   quit   \\q   leave"},
    };
    return entries;
}

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::istringstream in{std::string(text)};
    std::string word;
    while (in >> word) words.push_back(to_upper(word));
    return words;
}

// HELP LIST is HELP SHOW: LIST is SHOW's synonym.
bool matches(const HelpEntry& entry, const std::vector<std::string>& topic) {
    std::vector<std::string> name = words_of(entry.name);
    if (topic.size() > name.size()) return false;
    for (size_t i = 0; i < topic.size(); ++i) {
        const std::string& want = topic[i] == "LIST" ? std::string("SHOW") : topic[i];
        if (name[i] != want && !(i + 1 == topic.size() && starts_with(name[i], want))) return false;
    }
    return true;
}

}  // namespace

std::string help_overview() {
    std::string out = "Statements (end each with ';'; HELP <statement> shows its full syntax and an example):\n";
    for (const HelpEntry& entry : help_entries()) {
        if (std::string_view(entry.name) == "KEYS") continue;
        out += "  " + std::string(entry.summary) + "\n";
    }
    out += "\nKeys: Tab completes, Up/Down and Ctrl-R recall, Ctrl-C clears or stops, Ctrl-D leaves (HELP KEYS).\n"
           "Output: SET 'connql.output' = 'json' | 'table'. More: docs/language.md and docs/cli.md.\n";
    return out;
}

std::string help_topic(std::string_view topic) {
    std::vector<std::string> words = words_of(topic);
    if (words.empty()) return help_overview();
    std::string out;
    for (const HelpEntry& entry : help_entries()) {
        if (!matches(entry, words)) continue;
        if (!out.empty()) out += "\n";
        out += std::string(entry.name) + "\n\n" + entry.syntax + "\n\nExample:\n  ";
        for (char c : std::string(entry.example)) {
            out += c;
            if (c == '\n') out += "  ";
        }
        out += "\n";
    }
    if (!out.empty()) return out;
    std::string names;
    for (const HelpEntry& entry : help_entries()) names += std::string(names.empty() ? "" : ", ") + entry.name;
    return "no help for '" + std::string(topic) + "'; HELP knows: " + names + "\n";
}

std::optional<std::string> help_request(std::string_view statement) {
    std::string text(statement);
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) != 0 || text.back() == ';')) {
        text.pop_back();
    }
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return std::nullopt;
    text = text.substr(begin);
    if (text == "\\?" || text == "\\h") return std::string();
    std::vector<std::string> words = words_of(text);
    if (words.empty() || words[0] != "HELP") return std::nullopt;
    if (text.size() > 4 && std::isspace(static_cast<unsigned char>(text[4])) == 0) return std::nullopt;  // HELPER
    return text.size() > 4 ? text.substr(5) : std::string();
}

}  // namespace connql
