#include "server/console.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "common/text.h"

namespace connql::server {

const char* const kConsolePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

namespace {

// Whether Accept-Encoding takes gzip: "gzip" listed with a q above 0, or else "*"
// with a q above 0 ("*" stands only for the codings not listed: "gzip;q=0, *" refuses it).
bool takes_gzip(const ApiRequest& request) {
    std::optional<std::string_view> header = request.header("accept-encoding");
    if (!header) return false;
    std::string accepted = to_lower(*header);
    accepted.erase(std::remove_if(accepted.begin(), accepted.end(), [](char c) { return c == ' ' || c == '\t'; }),
                   accepted.end());
    std::optional<bool> gzip, any;
    size_t start = 0;
    while (start < accepted.size()) {
        size_t comma = accepted.find(',', start);
        if (comma == std::string::npos) comma = accepted.size();
        const std::string item = accepted.substr(start, comma - start);
        start = comma + 1;
        const size_t semicolon = item.find(';');
        const std::string coding = item.substr(0, semicolon);
        if (coding != "gzip" && coding != "*") continue;
        const size_t q = semicolon == std::string::npos ? std::string::npos : item.find("q=", semicolon);
        const bool wanted = q == std::string::npos || std::strtod(item.c_str() + q + 2, nullptr) > 0;
        (coding == "gzip" ? gzip : any) = wanted;
    }
    return gzip.value_or(any.value_or(false));
}

// If-None-Match: "*" or a list of ETags (W/"x" matches "x": the comparison is weak, as RFC 9110 says).
bool matches(const ApiRequest& request, std::string_view etag) {
    std::optional<std::string_view> header = request.header("if-none-match");
    if (!header) return false;
    std::string_view list = *header;
    if (list.find('*') != std::string_view::npos) return true;
    return list.find(etag) != std::string_view::npos;
}

}  // namespace

const ConsoleFile* find_console_file(std::string_view path) {
    if (path == "/") path = "/console/index.html";
    if (path.rfind("/console/", 0) != 0) return nullptr;
    for (const ConsoleFile* file = console_files_begin(); file != console_files_end(); ++file) {
        if (file->path == path) return file;
    }
    return nullptr;
}

ApiAnswer console_answer(const ApiRequest& request, const ConsoleFile& file) {
    const bool gzip = takes_gzip(request) && file.gzip.size() < file.body.size();
    const std::string_view etag = gzip ? file.gzip_etag : file.etag;
    ApiAnswer answer;
    answer.route = "console";
    answer.headers = {{"etag", std::string(etag)},
                      // Always asked again, answered 304 while unchanged: a new connql binary
                      // is never run with the previous console's script.
                      {"cache-control", "no-cache"},
                      {"vary", "Accept-Encoding"},
                      {"content-security-policy", kConsolePolicy},
                      {"x-content-type-options", "nosniff"},
                      {"referrer-policy", "no-referrer"},
                      {"x-frame-options", "DENY"}};
    if (matches(request, etag)) {
        answer.status = 304;
        answer.content_type.clear();
        return answer;
    }
    answer.status = 200;
    answer.content_type = std::string(file.content_type);
    if (gzip) answer.headers.emplace_back("content-encoding", "gzip");
    answer.body = std::string(gzip ? file.gzip : file.body);
    return answer;
}

}  // namespace connql::server
