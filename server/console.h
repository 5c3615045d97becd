// The web console (docs/console.md): its embedded files served at / and /console/*,
// with their content types, strong ETags (If-None-Match answers 304), gzip when the
// client takes it, and a Content-Security-Policy that allows nothing from elsewhere.
// The files hold no data: they are served without credentials; every answer with
// data comes from the API routes, which check them.
#pragma once

#include <string_view>

#include "server/api.h"
#include "server/console_files.h"

namespace connql::server {

// The file a GET of `path` serves: "/" is the console's index.html; nullptr when none.
const ConsoleFile* find_console_file(std::string_view path);

ApiAnswer console_answer(const ApiRequest& request, const ConsoleFile& file);

// The Content-Security-Policy sent with the console's files.
extern const char* const kConsolePolicy;

}  // namespace connql::server
