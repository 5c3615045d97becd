#include "server/access_log.h"

#include <algorithm>
#include <cmath>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "compiler/secrets.h"
#include "render/json_text.h"

namespace connql::server {

namespace {

// RFC 3339 in UTC with milliseconds: 2026-11-22T06:10:00.123Z.
std::string rfc3339(std::chrono::system_clock::time_point time) {
    const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
    return format_utc(ms, "%Y-%m-%dT%H:%M:%S") + millis;
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

AccessLog::AccessLog(std::ostream& out) : out_(&out), writer_([this] { run_writer(); }) {}
AccessLog::AccessLog() : AccessLog(std::cerr) {}

AccessLog::~AccessLog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    writer_.join();
}

void AccessLog::run_writer() {
    std::string batch;
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
        // Lines keep coming for a moment: gather them, and write them in one go.
        changed_.wait_for(lock, kGathering, [this] {
            return stopping_ || flush_requested_ || pending_.size() >= kBatchBytes;
        });
        if (pending_.empty()) return;  // stopping, and everything is out
        batch.swap(pending_);
        flush_requested_ = false;
        const std::uint64_t lines = queued_;
        lock.unlock();
        out_->write(batch.data(), static_cast<std::streamsize>(batch.size()));
        out_->flush();
        batch.clear();
        lock.lock();
        written_ = lines;
        changed_.notify_all();  // flush() waits for this
    }
}

void AccessLog::flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = queued_;
    if (written_ >= target) return;
    flush_requested_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return written_ >= target; });
}

namespace {

void append_field(std::string& out, const char* name) {
    out += out.size() == 1 ? "\"" : ",\"";
    out += name;
    out += "\":";
}

}  // namespace

std::string AccessLog::format(const AccessRecord& record) {
    std::string line = "{";
    line.reserve(256 + (record.statement ? record.statement->size() : 0));
    append_field(line, "time");
    append_json_string(line, rfc3339(record.time));
    append_field(line, "peer");
    append_json_string(line, record.peer);
    append_field(line, "user");
    if (record.user) {
        append_json_string(line, *record.user);
    } else {
        line += "null";
    }
    append_field(line, "method");
    append_json_string(line, record.method);
    append_field(line, "path");
    append_json_string(line, mask_embedded_credentials(record.path));
    append_field(line, "status");
    line += std::to_string(record.status);
    // Microsecond precision is plenty, and keeps the line short. (nlohmann writes
    // the number: its shortest form, "12.5", "3.0".)
    append_field(line, "duration_ms");
    line += nlohmann::json(std::isfinite(record.duration_ms) ? std::round(record.duration_ms * 1000) / 1000 : 0.0).dump();
    append_field(line, "protocol");
    append_json_string(line, record.protocol);
    append_field(line, "statement");
    if (record.statement) {
        append_json_string(line, masked_statement(*record.statement));
    } else {
        line += "null";
    }
    append_field(line, "bytes_out");
    line += std::to_string(record.bytes_out);
    line += '}';
    return line;
}

void AccessLog::write(const AccessRecord& record) {
    std::string text = format(record);
    text += '\n';
    bool wake;
    {
        std::lock_guard lock(mutex_);
        // The first line of a batch wakes the writer, and so does a full batch; the
        // lines between only join the batch (no system call on the request's path).
        wake = pending_.empty() || pending_.size() + text.size() >= kBatchBytes;
        pending_ += text;
        ++queued_;
    }
    if (wake) changed_.notify_all();
}

}  // namespace connql::server
