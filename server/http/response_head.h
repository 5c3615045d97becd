// HTTP/1.x response heads, and which handler-given headers the transport owns.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connql::http::detail {

std::string status_line(int status);  // "HTTP/1.1 200 OK\r\n"
// Date, Content-Type (unless empty) and the handler's headers, minus those the
// transport sets itself (framing and connection management).
void append_common_headers(std::string& out, const std::string& date, const std::string& content_type,
                           const std::vector<std::pair<std::string, std::string>>& headers);
// Content-Type, Content-Length, Transfer-Encoding, Connection, Date, Keep-Alive, Upgrade,
// and (for HTTP/2, where they are forbidden) the other connection-specific ones.
bool transport_owned(std::string_view name);
// 1xx, 204 and 304: answers without content, sent without Content-Length (RFC 9110 8.6).
constexpr bool without_content(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

}  // namespace connql::http::detail
