// Fuzzes the reader of Connect's list of connectors (engine/connector_list_reader.h): any
// bytes a worker (or something posing as one) may send. Any input may be refused with a
// problem; a crash, a sanitizer report or a broken property below is a bug.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/connector_list_reader.h"

namespace {

[[noreturn]] void broken(const std::string& what, const std::string& input) {
    std::cerr << "property broken: " << what << "\ninput: [" << input << "]\n";
    std::abort();
}

using Read = std::variant<std::vector<connql::ConnectorRow>, std::string>;

// The answer as curl may hand it over: in pieces of `piece` bytes.
Read read_in_pieces(const std::string& text, size_t piece) {
    connql::ConnectorListReader reader;
    reader.restart();
    for (size_t at = 0; at < text.size(); at += piece) reader.consume(std::string_view(text).substr(at, piece));
    reader.end();
    if (const auto* problem = std::get_if<std::string>(&reader.result())) return *problem;
    return std::get<std::shared_ptr<const connql::ConnectorListing>>(reader.result())->rows;
}

std::string names_of(const Read& read) {
    if (const auto* problem = std::get_if<std::string>(&read)) return "problem: " + *problem;
    std::string names;
    for (const connql::ConnectorRow& row : std::get<0>(read)) {
        names += row.name + "\n" + row.type + "\n" + row.class_name + "\n" + row.state + "\n" + row.connector_state + "\n" +
                 std::to_string(row.tasks_total) + "/" + std::to_string(row.tasks_running) + "/" +
                 std::to_string(row.tasks_failed) + "\n";
    }
    return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const Read whole = connql::read_connector_rows(text);
    if (names_of(read_in_pieces(text, 7)) != names_of(whole)) broken("pieces and the whole read differently", text);
    // A JSON object nlohmann reads (a name twice: the last) has one row a name, by name.
    const nlohmann::json tree = nlohmann::json::parse(text, nullptr, false);
    if (tree.is_object() && std::holds_alternative<std::vector<connql::ConnectorRow>>(whole)) {
        const auto& rows = std::get<0>(whole);
        if (rows.size() != tree.size()) broken("not one row a name", text);
        size_t i = 0;
        for (auto it = tree.begin(); it != tree.end(); ++it, ++i) {
            if (rows[i].name != it.key()) broken("rows not by name", text);
        }
    }
    return 0;
}
