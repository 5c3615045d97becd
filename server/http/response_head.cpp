#include "server/http/response_head.h"

#include <strings.h>

#include "server/http/message.h"

namespace connql::http::detail {

std::string status_line(int status) {
    std::string line = "HTTP/1.1 " + std::to_string(status) + " ";
    line += reason_phrase(status);
    line += "\r\n";
    return line;
}

bool transport_owned(std::string_view name) {
    static const char* const owned[] = {"content-type", "content-length", "transfer-encoding", "connection", "date",
                                        "keep-alive",   "upgrade",        "proxy-connection",  "te"};
    for (const char* o : owned)
        if (name.size() == std::char_traits<char>::length(o) && strncasecmp(name.data(), o, name.size()) == 0)
            return true;
    return false;
}

void append_common_headers(std::string& out, const std::string& date, const std::string& content_type,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
    out += "Date: ";
    out += date;
    out += "\r\n";
    if (!content_type.empty()) {
        out += "Content-Type: ";
        out += content_type;
        out += "\r\n";
    }
    for (const auto& [name, value] : headers) {
        if (transport_owned(name)) continue;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
}

}  // namespace connql::http::detail
