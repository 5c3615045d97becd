// The access log of `connql serve`: one JSON object a line per request, e.g.
//   {"time":"2026-11-22T06:10:00.123Z","peer":"10.0.0.7:51234","user":"alice",
//    "method":"POST","path":"/ksql","status":200,"duration_ms":12.5,"protocol":"HTTP/1.1",
//    "statement":"CREATE SINK CONNECTOR s WITH ('connector.class'='...', 'topics'='[string]');",
//    "bytes_out":512}
// What is never written: request bodies, any header (Authorization above all), and a
// statement's property values (masked here, whatever the caller passes).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace connql::server {

struct AccessRecord {
    std::chrono::system_clock::time_point time;  // when the request arrived
    std::string peer;                            // "address:port"
    std::optional<std::string> user;             // the principal's name; null when unauthenticated
    std::string method;
    std::string path;  // the target as requested; credentials in its query are masked
    int status = 0;
    double duration_ms = 0;
    std::string protocol;  // "HTTP/1.1"
    // The statement text as received, or nullopt for a request that carries none. It is
    // masked by format(): query_mask (every property value but connector.class reads
    // '[string]', as /ksql's statementText), then mask_embedded_credentials, then cut to
    // kMaxStatementChars.
    std::optional<std::string> statement;
    std::uint64_t bytes_out = 0;
};

class AccessLog {
public:
    // A statement longer than this (a whole migration script, say) is cut, with "...":
    // one request must not write megabytes of log.
    static constexpr size_t kMaxStatementChars = 4096;

    // Writes to `out`, which must outlive the log (std::cerr by default).
    explicit AccessLog(std::ostream& out);
    AccessLog();
    ~AccessLog();  // writes what is still pending
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // One line, whole: lines from concurrent requests never interleave. It is handed
    // to a writer thread, which gathers lines for up to kGathering (or kBatchBytes of
    // them) and writes and flushes them in one go: under load one write system call
    // serves hundreds of requests (a call per request, and the wake-ups of a writer
    // woken per line, cost a busy server a twentieth of its CPU). A line is out at
    // most kGathering after its request ended.
    void write(const AccessRecord& record);
    static constexpr std::chrono::milliseconds kGathering{50};
    static constexpr size_t kBatchBytes = 64 * 1024;

    // Returns once every line written before the call is out.
    void flush();

    // The line without its "\n". Invalid UTF-8 is replaced (U+FFFD), never an exception.
    static std::string format(const AccessRecord& record);

private:
    void run_writer();

    std::ostream* out_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string pending_;        // lines not yet handed to the writer
    std::uint64_t queued_ = 0;   // lines ever queued
    std::uint64_t written_ = 0;  // lines the writer has written and flushed
    bool stopping_ = false;
    bool flush_requested_ = false;
    std::thread writer_;         // last: started once the rest exists
};

}  // namespace connql::server
