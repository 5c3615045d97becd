#include "server/access_log.h"

#include <cmath>
#include <ctime>
#include <iostream>

#include <nlohmann/json.hpp>

#include "compiler/secrets.h"

namespace connql::server {

namespace {

// RFC 3339 in UTC with milliseconds: 2026-11-22T06:10:00.123Z.
std::string rfc3339(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
    auto seconds = static_cast<std::time_t>(ms / 1000);
    int millis = static_cast<int>(ms % 1000);
    if (millis < 0) {  // before 1970: floor, not truncation
        millis += 1000;
        --seconds;
    }
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buffer, millis);
    return out;
}

std::string masked_statement(const std::string& text) {
    std::string masked = mask_embedded_credentials(query_mask(text));
    if (masked.size() > AccessLog::kMaxStatementChars) {
        size_t cut = AccessLog::kMaxStatementChars;
        // Not inside a UTF-8 sequence: back up over continuation bytes.
        while (cut > 0 && (static_cast<unsigned char>(masked[cut]) & 0xC0) == 0x80) --cut;
        masked.resize(cut);
        masked += "...";
    }
    return masked;
}

}  // namespace

AccessLog::AccessLog(std::ostream& out) : out_(&out) {}
AccessLog::AccessLog() : AccessLog(std::cerr) {}

std::string AccessLog::format(const AccessRecord& record) {
    nlohmann::ordered_json line;
    line["time"] = rfc3339(record.time);
    line["peer"] = record.peer;
    line["user"] = record.user ? nlohmann::ordered_json(*record.user) : nlohmann::ordered_json(nullptr);
    line["method"] = record.method;
    line["path"] = mask_embedded_credentials(record.path);
    line["status"] = record.status;
    // Microsecond precision is plenty, and keeps the line short.
    line["duration_ms"] = std::isfinite(record.duration_ms) ? std::round(record.duration_ms * 1000) / 1000 : 0.0;
    line["protocol"] = record.protocol;
    line["statement"] =
        record.statement ? nlohmann::ordered_json(masked_statement(*record.statement)) : nlohmann::ordered_json(nullptr);
    line["bytes_out"] = record.bytes_out;
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void AccessLog::write(const AccessRecord& record) {
    std::string text = format(record);
    text += '\n';
    std::lock_guard lock(mutex_);
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
    out_->flush();
}

}  // namespace connql::server
