#include "compiler/config.h"

#include <stdexcept>

namespace connql {

void Config::set(const std::string& key, std::string value) {
    auto [it, inserted] = index_.try_emplace(key, entries_.size());
    if (inserted) {
        entries_.emplace_back(key, std::move(value));
    } else {
        entries_[it->second].second = std::move(value);
    }
}

const std::string* Config::find(std::string_view key) const {
    auto it = index_.find(std::string(key));
    return it == index_.end() ? nullptr : &entries_[it->second].second;
}

bool Config::erase(std::string_view key) {
    auto it = index_.find(std::string(key));
    if (it == index_.end()) return false;
    size_t position = it->second;
    index_.erase(it);
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(position));
    for (auto& entry : index_) {
        if (entry.second > position) --entry.second;
    }
    return true;
}

Config Config::without_prefix(std::string_view prefix) const {
    Config out;
    for (const auto& [key, value] : entries_) {
        if (key.compare(0, prefix.size(), prefix) != 0) out.set(key, value);
    }
    return out;
}

std::vector<std::string> Config::list(std::string_view key) const {
    const std::string* value = find(key);
    return value ? split_list(*value) : std::vector<std::string>{};
}

nlohmann::ordered_json Config::to_json() const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [key, value] : entries_) out[key] = value;
    return out;
}

Config Config::from_json(const nlohmann::json& object) {
    if (!object.is_object()) throw std::invalid_argument("a connector config must be a JSON object");
    Config config;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().is_string()) {
            throw std::invalid_argument("config value of '" + it.key() + "' is not a string");
        }
        config.set(it.key(), it.value().get<std::string>());
    }
    return config;
}

bool operator==(const Config& a, const Config& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.entries_) {
        const std::string* other = b.find(key);
        if (other == nullptr || *other != value) return false;
    }
    return true;
}

namespace {
std::string_view trim(std::string_view text) {
    const char* space = " \t\r\n\f\v";
    size_t first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}
}  // namespace

std::vector<std::string> split_list(std::string_view value) {
    std::vector<std::string> items;
    value = trim(value);
    if (value.empty()) return items;
    size_t start = 0;
    while (true) {
        size_t comma = value.find(',', start);
        items.emplace_back(trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return items;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += items[i];
    }
    return out;
}

}  // namespace connql
