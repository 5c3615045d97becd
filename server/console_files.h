// The web console's files (console/), embedded in the binary: the build turns them
// into C++ (cmake/embed_console.cmake writes build/generated/console_files.cpp).
#pragma once

#include <string_view>

namespace connql::server {

struct ConsoleFile {
    std::string_view path;          // "/console/app.js"
    std::string_view content_type;  // "text/javascript; charset=utf-8"
    std::string_view body;          // as written in console/
    std::string_view gzip;          // the same, gzip-compressed at build time
    std::string_view etag;          // strong: "<sha-256 prefix>", quotes included
    std::string_view gzip_etag;     // the compressed copy's own
};

const ConsoleFile* console_files_begin();
const ConsoleFile* console_files_end();

}  // namespace connql::server
