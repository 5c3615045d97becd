#include "server/http/http1.h"

#include <strings.h>

#include <climits>

#include "server/http/exchange.h"
#include "server/http/response_head.h"

namespace connql::http::detail {
namespace {

Http1Session& session_of(http_parser* parser) { return *static_cast<Http1Session*>(parser->data); }

const http_parser_settings kSettings = [] {
    http_parser_settings s{};
    s.on_message_begin = [](http_parser* p) { return session_of(p).on_message_begin(); };
    s.on_url = [](http_parser* p, const char* at, size_t n) { return session_of(p).on_url(at, n); };
    s.on_header_field = [](http_parser* p, const char* at, size_t n) { return session_of(p).on_header_field(at, n); };
    s.on_header_value = [](http_parser* p, const char* at, size_t n) { return session_of(p).on_header_value(at, n); };
    s.on_headers_complete = [](http_parser* p) { return session_of(p).on_headers_complete(); };
    s.on_body = [](http_parser* p, const char* at, size_t n) { return session_of(p).on_body(at, n); };
    s.on_message_complete = [](http_parser* p) { return session_of(p).on_message_complete(); };
    return s;
}();

constexpr size_t kMaxPipelinedHead = 1 << 16;

std::string hex(size_t n) {
    char text[32];
    int length = std::snprintf(text, sizeof text, "%zx", n);
    return std::string(text, static_cast<size_t>(length));
}

}  // namespace

// The answer to one HTTP/1.x request.
class Http1Stream final : public Sink {
public:
    Http1Stream(Http1Session& session, bool head_only, bool http10, bool keep_alive)
        : session_(&session), head_only_(head_only), http10_(http10), keep_alive_(keep_alive) {}

    void detach() { session_ = nullptr; }

    void send_response(Response response) override {
        if (!session_ || started_) return;
        started_ = true;
        bool keep = keep_alive_ && !session_->draining();
        std::string out = status_line(response.status);
        append_common_headers(out, session_->core().http_date(), response.content_type, response.headers);
        // 204 and 304 have no content, and a 304's Content-Length would have to be the 200's.
        if (!without_content(response.status)) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
        out += connection_header(keep);
        out += "\r\n";
        if (!head_only_) out += response.body;
        session_->write(out);
        finish(keep);
    }

    void send_head(int status, const std::string& content_type) override {
        if (!session_ || started_) return;
        started_ = true;
        // HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection.
        chunked_ = !http10_;
        keep_ = chunked_ && keep_alive_ && !session_->draining();
        std::string out = status_line(status);
        append_common_headers(out, session_->core().http_date(), content_type, {});
        if (chunked_) out += "Transfer-Encoding: chunked\r\n";
        out += connection_header(keep_);
        out += "\r\n";
        session_->write(out);
        session_->flush();
    }

    void send_chunk(std::string chunk) override {
        if (!session_ || !started_ || head_only_ || chunk.empty()) return;
        if (chunked_) {
            session_->write(hex(chunk.size()) + "\r\n");
            session_->write(chunk);
            session_->write("\r\n");
        } else {
            session_->write(chunk);
        }
        session_->flush();
    }

    void send_end() override {
        if (!session_ || !started_) return;
        if (chunked_ && !head_only_) session_->write("0\r\n\r\n");
        finish(keep_);
    }

private:
    std::string connection_header(bool keep) const {
        if (!keep) return "Connection: close\r\n";
        return http10_ ? "Connection: keep-alive\r\n" : "";
    }
    void finish(bool keep) {
        Http1Session* session = session_;
        session_ = nullptr;
        session->answered(keep);
    }

    Http1Session* session_;
    const bool head_only_, http10_, keep_alive_;
    bool started_ = false, chunked_ = false, keep_ = false;
};

Http1Session::Http1Session(Connection& connection) : connection_(connection) {
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
}

Http1Session::~Http1Session() {
    if (current_) {
        current_->detach();
        current_->unbind();
    }
}

void Http1Session::on_data(const char* data, size_t size) {
    if (done_) return;
    input_.append(data, size);
    // While a request is being answered its successors wait in input_: a client that
    // sends far more than one request's worth meanwhile is not pipelining but flooding.
    if (current_ && input_.size() > connection_.core().options().max_body_bytes + kMaxPipelinedHead) {
        done_ = true;
        connection_.close();
        return;
    }
    process();
}

void Http1Session::process() {
    if (processing_) return;  // answered() from inside a dispatch: the loop below goes on
    processing_ = true;
    while (!current_ && !done_ && !connection_.closing()) {
        if (complete_) {
            complete_ = false;
            bool head_only = request_.method == "HEAD";
            bool http10 = request_.protocol == "HTTP/1.0";
            current_ = std::make_shared<Http1Stream>(*this, head_only, http10, keep_alive_);
            auto stream = current_;  // dispatch may answer at once, and answered() drops current_
            Request request = std::move(request_);
            request_ = Request{};
            connection_.core().dispatch(std::move(request), stream);
            continue;
        }
        if (input_.empty()) break;
        size_t parsed = http_parser_execute(&parser_, &kSettings, input_.data(), input_.size());
        auto error = HTTP_PARSER_ERRNO(&parser_);
        if (error == HPE_PAUSED) {
            http_parser_pause(&parser_, 0);
            input_.erase(0, parsed);
            continue;
        }
        if (error != HPE_OK) {
            if (!done_) reject(400, "", std::string("malformed HTTP/1.x request: ") + http_errno_description(error));
            break;
        }
        input_.clear();  // all parsed: a partial request is held in request_
    }
    processing_ = false;
    connection_.flush();
}

void Http1Session::answered(bool keep_alive) {
    served_one_ = true;
    idle_since_ = Clock::now();
    if (current_) current_->unbind();  // answered: the exchange is over
    current_.reset();
    if (!keep_alive || draining_) {
        done_ = true;
        connection_.close_after_flush();
        return;
    }
    process();
}

void Http1Session::reject(int status, std::string_view limit, std::string_view message) {
    done_ = true;
    http_parser_pause(&parser_, 1);
    if (!limit.empty()) connection_.core().limit(limit);
    Response response = error_response(status, message);
    std::string out = status_line(status);
    append_common_headers(out, connection_.core().http_date(), response.content_type, {});
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
    out += response.body;
    connection_.send(out);
    connection_.close_after_flush();
}

void Http1Session::on_tick(Clock::time_point now) {
    if (done_ || current_) return;  // a handler at work: the request deadline's business
    const auto& options = connection_.core().options();
    if (receiving_) {
        if (now - request_started_ >= options.header_timeout)
            reject(408, "header_timeout",
                   "the request did not arrive whole within " + std::to_string(options.header_timeout.count()) +
                       " ms: send the headers and body without pausing");
    } else if (!served_one_) {
        if (now - connection_.accepted_at() >= options.header_timeout) {
            connection_.core().limit("header_timeout");
            done_ = true;
            connection_.close();
        }
    } else if (now - idle_since_ >= options.idle_timeout) {
        done_ = true;
        connection_.close();
    }
}

void Http1Session::begin_drain() {
    draining_ = true;
    if (!current_ && !receiving_ && !complete_ && !done_) {
        done_ = true;
        connection_.close_after_flush();
    }
}

int Http1Session::on_message_begin() {
    receiving_ = true;
    request_started_ = served_one_ ? Clock::now() : connection_.accepted_at();
    url_.clear();
    field_.clear();
    value_.clear();
    in_value_ = false;
    request_ = Request{};
    return 0;
}

int Http1Session::on_url(const char* at, size_t length) {
    url_.append(at, length);
    return 0;
}

void Http1Session::store_header() {
    for (char& c : field_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request_.headers.emplace_back(std::move(field_), std::move(value_));
    field_.clear();
    value_.clear();
}

int Http1Session::on_header_field(const char* at, size_t length) {
    if (in_value_) {
        store_header();
        in_value_ = false;
    }
    field_.append(at, length);
    return 0;
}

int Http1Session::on_header_value(const char* at, size_t length) {
    in_value_ = true;
    value_.append(at, length);
    return 0;
}

int Http1Session::on_headers_complete() {
    if (in_value_ || !field_.empty()) store_header();
    in_value_ = false;
    request_.method = http_method_str(static_cast<http_method>(parser_.method));
    // Absolute form ("http://host/path") is allowed by RFC 9112 §3.2.2: keep the path.
    std::string_view target = url_;
    if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
        size_t slash = target.find('/', target.find("//") + 2);
        target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    size_t question = target.find('?');
    request_.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request_.query = std::string(target.substr(question + 1));
    request_.protocol = parser_.http_minor == 0 ? "HTTP/1.0" : "HTTP/1.1";
    request_.peer = connection_.peer();
    request_.tls = connection_.tls();
    keep_alive_ = http_should_keep_alive(&parser_) != 0;

    size_t limit = connection_.core().options().max_body_bytes;
    // http-parser leaves content_length at ULLONG_MAX when the header is absent.
    if (parser_.content_length != ULLONG_MAX && parser_.content_length > limit) {
        reject(413, "body_size", "request body is larger than " + std::to_string(limit) + " bytes");
        return 0;
    }
    if (auto expect = request_.header("expect"); expect && strcasecmp(std::string(*expect).c_str(), "100-continue") == 0 &&
                                                  parser_.http_minor >= 1)
        connection_.send("HTTP/1.1 100 Continue\r\n\r\n");
    return 0;
}

int Http1Session::on_body(const char* at, size_t length) {
    if (done_) return 0;
    size_t limit = connection_.core().options().max_body_bytes;
    if (request_.body.size() + length > limit) {  // chunked bodies are only known as they come
        reject(413, "body_size", "request body is larger than " + std::to_string(limit) + " bytes");
        return 0;
    }
    request_.body.append(at, length);
    return 0;
}

int Http1Session::on_message_complete() {
    receiving_ = false;
    if (done_) return 0;
    complete_ = true;
    http_parser_pause(&parser_, 1);  // one request at a time: the rest waits in input_
    return 0;
}

}  // namespace connql::http::detail
