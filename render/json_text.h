// JSON text written without a JSON tree, byte for byte as nlohmann's dump() writes
// it: for output whose size grows with the cluster or with the request rate (the
// server's answers and access log), where a tree of it costs more than the writing.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace connql {

// `text` as a JSON string. Bytes that are not UTF-8 become U+FFFD, as dump() with
// error_handler_t::replace writes them.
void append_json_string(std::string& out, std::string_view text);

// `object` as dump() writes it, except that the value of its member `key` is
// `value_text`, already JSON text.
std::string dump_with_member_text(const nlohmann::ordered_json& object, std::string_view key, std::string_view value_text);

}  // namespace connql
