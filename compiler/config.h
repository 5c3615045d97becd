// A Kafka Connect connector config: string keys to string values. Keeps the order
// in which keys were set so that what we print reads like what the user wrote;
// equality ignores order, as Connect does.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace connql {

class Config {
public:
    using Entry = std::pair<std::string, std::string>;

    // Inserts, or overwrites in place (keeping the key's original position).
    void set(const std::string& key, std::string value);
    const std::string* find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    bool erase(std::string_view key);
    // A copy without the keys that start with `prefix` (transforms.<alias>., ...).
    Config without_prefix(std::string_view prefix) const;
    // The value of a LIST key as items; empty if the key is not set.
    std::vector<std::string> list(std::string_view key) const;

    const std::vector<Entry>& entries() const { return entries_; }
    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

    nlohmann::ordered_json to_json() const;
    // Connect returns every value as a string; anything else is rejected with the key named.
    static Config from_json(const nlohmann::json& object);

    friend bool operator==(const Config& a, const Config& b);
    friend bool operator!=(const Config& a, const Config& b) { return !(a == b); }

private:
    std::vector<Entry> entries_;
    std::unordered_map<std::string, size_t> index_;
};

// Connect's LIST type: comma separated, each item trimmed, "" is the empty list.
std::vector<std::string> split_list(std::string_view value);
std::string join_list(const std::vector<std::string>& items);

}  // namespace connql
