#include "repl/completion_source.h"

namespace connql {

std::vector<std::string> SessionCompletionSource::variable_names() {
    std::vector<std::string> names;
    for (const auto& [name, value] : session_.parse_state().variables.list()) names.push_back(name);
    return names;
}

std::vector<std::string> SessionCompletionSource::cluster_names() {
    std::vector<std::string> names;
    for (const auto& [name, config] : session_.directory().clusters()) names.push_back(name);
    return names;
}

}  // namespace connql
