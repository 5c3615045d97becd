#include "engine/connect_reading.h"

namespace connql {

std::string json_string(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string kind_name(ast::ConnectorKind kind) { return kind == ast::ConnectorKind::Sink ? "sink" : "source"; }

std::string summarize_state(const nlohmann::json& status) {
    std::string state = json_string(status.value("connector", nlohmann::json::object()), "state");
    if (state != "RUNNING") return state;
    const nlohmann::json tasks = status.value("tasks", nlohmann::json::array());
    size_t running = 0;
    for (const auto& task : tasks) running += json_string(task, "state") == "RUNNING";
    std::string counts = "/" + std::to_string(tasks.size()) + " tasks RUNNING)";
    if (!tasks.empty() && running == 0) return "WARNING (0" + counts;
    return "RUNNING (" + std::to_string(running) + counts;
}

std::vector<PluginRow> plugin_rows(const nlohmann::json& plugins) {
    std::vector<PluginRow> rows;
    if (!plugins.is_array()) return rows;
    for (const auto& plugin : plugins) {
        rows.push_back({json_string(plugin, "class"), json_string(plugin, "type"), json_string(plugin, "version")});
    }
    return rows;
}

bool like(const std::string& text, const std::string& pattern) {
    // Iterative matcher with backtracking to the last %.
    size_t t = 0, p = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            mark = t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

}  // namespace connql
