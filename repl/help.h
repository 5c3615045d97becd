// HELP in the REPL: every statement with its one-line syntax, and for HELP <topic>
// the full syntax with an example. The text is data (help.cpp), kept to
// docs/language.md's statements.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connql {

struct HelpEntry {
    const char* name;      // "CREATE CONNECTOR", "SHOW CONNECTORS"
    const char* summary;   // one line of syntax
    const char* syntax;    // the full syntax
    const char* example;
};

const std::vector<HelpEntry>& help_entries();

// HELP with no topic: the statements, the keys, and where to read more.
std::string help_overview();
// HELP <topic>: the entries whose name starts with the topic's words (HELP SHOW
// lists every SHOW statement), or a message that names the topics.
std::string help_topic(std::string_view topic);

// When `statement` is a request for help (HELP; HELP CREATE; help; \?), its topic
// ("" for none); otherwise nullopt. HELP is the REPL's, not the language's: it is
// answered before anything is parsed.
std::optional<std::string> help_request(std::string_view statement);

}  // namespace connql
