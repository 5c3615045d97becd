#include "server/http/http2.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

#include "server/http/exchange.h"
#include "server/http/response_head.h"

namespace connql::http::detail {
namespace {

Http2Session& session_of(void* user_data) { return *static_cast<Http2Session*>(user_data); }

nghttp2_nv header(const std::string& name, const std::string& value) {
    // nghttp2 copies names and values when the frame is submitted.
    return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
            reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
            NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

// One request/response stream.
class Http2Stream final : public Sink {
public:
    Http2Stream(Http2Session& session, int32_t id) : session_(&session), id_(id) {}

    void detach() { session_ = nullptr; }
    int32_t id() const { return id_; }

    void send_response(Response response) override {
        if (!session_ || started_) return;
        started_ = true;
        eof_ = true;
        // HEAD: the length GET would send (RFC 9110 8.6), with no body.
        const size_t length = response.body.size();
        if (request_method_ != "HEAD") out_ = std::move(response.body);
        submit(response.status, response.content_type, response.headers,
               without_content(response.status) ? std::nullopt : std::optional<std::string>(std::to_string(length)));
    }
    void send_head(int status, const std::string& content_type) override {
        if (!session_ || started_) return;
        started_ = true;
        submit(status, content_type, {}, std::nullopt);
    }
    void send_chunk(std::string chunk) override {
        if (!session_ || !started_ || eof_ || chunk.empty() || request_method_ == "HEAD") return;
        out_.append(chunk);
        resume();
    }
    void send_end() override {
        if (!session_ || !started_ || eof_) return;
        eof_ = true;
        resume();
    }

    // nghttp2's data source: what is buffered, then EOF; DEFERRED while a stream waits
    // for its next chunk.
    ssize_t read(uint8_t* buffer, size_t length, uint32_t* flags) {
        size_t n = std::min(length, out_.size() - sent_);
        std::memcpy(buffer, out_.data() + sent_, n);
        sent_ += n;
        if (sent_ == out_.size()) {
            out_.clear();
            sent_ = 0;
            if (eof_) *flags |= NGHTTP2_DATA_FLAG_EOF;
        }
        if (n == 0 && !eof_) {
            deferred_ = true;
            return NGHTTP2_ERR_DEFERRED;
        }
        return static_cast<ssize_t>(n);
    }

    Request request;
    std::string request_method_;
    Clock::time_point started = Clock::now();
    bool dispatched = false;
    bool rejected = false;
    Clock::time_point rejected_at{};

private:
    void submit(int status, const std::string& content_type,
                const std::vector<std::pair<std::string, std::string>>& extra,
                const std::optional<std::string>& content_length) {
        std::vector<std::pair<std::string, std::string>> fields;
        fields.reserve(extra.size() + 4);
        fields.emplace_back(":status", std::to_string(status));
        fields.emplace_back("date", session_->core().http_date());
        if (!content_type.empty()) fields.emplace_back("content-type", content_type);
        if (content_length) fields.emplace_back("content-length", *content_length);
        for (const auto& [name, value] : extra) {
            if (transport_owned(name)) continue;
            std::string lower = name;  // HTTP/2 field names are lower-case (RFC 9113 §8.2)
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            fields.emplace_back(std::move(lower), value);
        }
        std::vector<nghttp2_nv> nva;
        nva.reserve(fields.size());
        for (const auto& [name, value] : fields) nva.push_back(header(name, value));
        nghttp2_data_provider provider{};
        provider.source.ptr = this;
        provider.read_callback = [](nghttp2_session*, int32_t, uint8_t* buffer, size_t length, uint32_t* flags,
                                    nghttp2_data_source* source, void*) -> ssize_t {
            return static_cast<Http2Stream*>(source->ptr)->read(buffer, length, flags);
        };
        nghttp2_submit_response(session_->session(), id_, nva.data(), nva.size(), &provider);
        session_->send();
    }
    void resume() {
        if (deferred_) {
            deferred_ = false;
            nghttp2_session_resume_data(session_->session(), id_);
        }
        session_->send();
    }

    Http2Session* session_;
    const int32_t id_;
    std::string out_;
    size_t sent_ = 0;
    bool started_ = false, eof_ = false, deferred_ = false;
};

Http2Session::Http2Session(Connection& connection) : connection_(connection) {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    std::unique_ptr<nghttp2_session_callbacks, void (*)(nghttp2_session_callbacks*)> owned(
        callbacks, nghttp2_session_callbacks_del);
    nghttp2_session_callbacks_set_on_begin_headers_callback(
        callbacks, [](nghttp2_session*, const nghttp2_frame* frame, void* self) {
            return session_of(self).on_begin_headers(frame);
        });
    nghttp2_session_callbacks_set_on_header_callback(
        callbacks, [](nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t name_length,
                      const uint8_t* value, size_t value_length, uint8_t, void* self) {
            return session_of(self).on_header(
                frame, std::string_view(reinterpret_cast<const char*>(name), name_length),
                std::string_view(reinterpret_cast<const char*>(value), value_length));
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(
        callbacks,
        [](nghttp2_session*, const nghttp2_frame* frame, void* self) { return session_of(self).on_frame_recv(frame); });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        callbacks, [](nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data, size_t length, void* self) {
            return session_of(self).on_data_chunk(stream_id, data, length);
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        callbacks, [](nghttp2_session*, int32_t stream_id, uint32_t, void* self) {
            return session_of(self).on_stream_close(stream_id);
        });
    nghttp2_session* session = nullptr;
    nghttp2_session_server_new(&session, callbacks, this);
    session_.reset(session);

    const auto& options = connection_.core().options();
    nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS,
         static_cast<uint32_t>(std::clamp<size_t>(options.max_concurrent_requests, 1, 1000))},
        // A 1 MiB body in one round trip rather than sixteen window updates.
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20},
    };
    nghttp2_submit_settings(session_.get(), NGHTTP2_FLAG_NONE, settings, std::size(settings));
    nghttp2_session_set_local_window_size(session_.get(), NGHTTP2_FLAG_NONE, 0, 1 << 24);
}

Http2Session::~Http2Session() {
    for (auto& [id, stream] : streams_) {
        stream->detach();
        stream->unbind();
    }
    streams_.clear();
}

void Http2Session::on_data(const char* data, size_t size) {
    idle_since_ = Clock::now();
    receiving_ = true;
    ssize_t result = nghttp2_session_mem_recv(session_.get(), reinterpret_cast<const uint8_t*>(data), size);
    receiving_ = false;
    if (result < 0) {
        connection_.close();
        return;
    }
    send();
}

void Http2Session::send() {
    if (receiving_ || connection_.closing()) return;
    for (;;) {
        const uint8_t* data = nullptr;
        ssize_t n = nghttp2_session_mem_send(session_.get(), &data);
        if (n < 0) {
            connection_.close();
            return;
        }
        if (n == 0) break;
        connection_.send(std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(n)));
    }
    connection_.flush();
    bool over = nghttp2_session_want_read(session_.get()) == 0 && nghttp2_session_want_write(session_.get()) == 0;
    if (over || (draining_ && streams_.empty())) connection_.close_after_flush();
}

Http2Stream* Http2Session::find(int32_t stream_id) {
    auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : it->second.get();
}

int Http2Session::on_begin_headers(const nghttp2_frame* frame) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    auto stream = std::make_shared<Http2Stream>(*this, frame->hd.stream_id);
    stream->request.protocol = "HTTP/2";
    stream->request.peer = connection_.peer();
    stream->request.tls = connection_.tls();
    streams_.emplace(frame->hd.stream_id, std::move(stream));
    return 0;
}

int Http2Session::on_header(const nghttp2_frame* frame, std::string_view name, std::string_view value) {
    Http2Stream* stream = find(frame->hd.stream_id);
    if (!stream || stream->dispatched) return 0;  // trailers are not kept
    Request& request = stream->request;
    if (name == ":method") {
        request.method = std::string(value);
        stream->request_method_ = request.method;
    } else if (name == ":path") {
        size_t question = value.find('?');
        request.path = std::string(value.substr(0, question));
        if (question != std::string_view::npos) request.query = std::string(value.substr(question + 1));
    } else if (name == ":authority") {
        request.headers.emplace_back("host", std::string(value));
    } else if (name.empty() || name[0] != ':') {
        request.headers.emplace_back(std::string(name), std::string(value));
    }
    return 0;
}

int Http2Session::on_frame_recv(const nghttp2_frame* frame) {
    Http2Stream* stream = find(frame->hd.stream_id);
    if (!stream) return 0;
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
        size_t limit = core().options().max_body_bytes;
        if (auto length = stream->request.header("content-length")) {
            // nghttp2 has checked it is digits, and will check the body against it; a number
            // too large for 64 bits is too large a body.
            uint64_t declared = 0;
            auto [end, error] = std::from_chars(length->data(), length->data() + length->size(), declared);
            if (error != std::errc() || declared > limit) {
                reject(*stream, 413, "body_size", "request body is larger than " + std::to_string(limit) + " bytes");
                return 0;
            }
        }
    }
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) && !stream->dispatched && !stream->rejected)
        dispatch(*stream);
    return 0;
}

int Http2Session::on_data_chunk(int32_t stream_id, const uint8_t* data, size_t length) {
    Http2Stream* stream = find(stream_id);
    if (!stream || stream->dispatched || stream->rejected) return 0;
    size_t limit = core().options().max_body_bytes;
    if (stream->request.body.size() + length > limit) {
        reject(*stream, 413, "body_size", "request body is larger than " + std::to_string(limit) + " bytes");
        return 0;
    }
    stream->request.body.append(reinterpret_cast<const char*>(data), length);
    return 0;
}

int Http2Session::on_stream_close(int32_t stream_id) {
    auto it = streams_.find(stream_id);
    if (it == streams_.end()) return 0;
    std::shared_ptr<Http2Stream> stream = std::move(it->second);
    streams_.erase(it);
    stream->detach();
    stream->unbind();  // answered or reset: the exchange is over
    if (streams_.empty()) idle_since_ = Clock::now();
    return 0;
}

void Http2Session::dispatch(Http2Stream& stream) {
    stream.dispatched = true;
    std::shared_ptr<Http2Stream> keep = streams_.at(stream.id());  // dispatch may answer at once
    core().dispatch(std::move(stream.request), keep);
}

void Http2Session::reject(Http2Stream& stream, int status, std::string_view limit, std::string_view message) {
    stream.rejected = true;
    stream.rejected_at = Clock::now();
    stream.request.body.clear();
    if (!limit.empty()) core().limit(limit);
    // The answer ends our side; DATA the client still sends is counted and dropped.
    stream.send_response(error_response(status, message));
}

void Http2Session::on_tick(Clock::time_point now) {
    const auto& options = core().options();
    std::vector<Http2Stream*> late;
    for (auto& [id, stream] : streams_)
        if (!stream->dispatched && !stream->rejected && now - stream->started >= options.header_timeout)
            late.push_back(stream.get());
    for (Http2Stream* stream : late)
        reject(*stream, 408, "header_timeout",
               "the request did not arrive whole within " + std::to_string(options.header_timeout.count()) +
                   " ms: send the headers and body without pausing");
    // A rejected stream whose client still has not finished its body, a header timeout
    // after the answer, is reset: it would hold a stream slot for ever. (Not at once:
    // with RST_STREAM(NO_ERROR) right after the answer, as RFC 9113 §8.1 allows, curl
    // 7.88 reported neither the status nor the body in our tests.)
    for (auto& [id, stream] : streams_)
        if (stream->rejected && now - stream->rejected_at >= options.header_timeout)
            nghttp2_submit_rst_stream(session_.get(), NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    if (streams_.empty() && !draining_ && now - idle_since_ >= options.idle_timeout) {
        draining_ = true;
        nghttp2_session_terminate_session(session_.get(), NGHTTP2_NO_ERROR);
    }
    send();
}

void Http2Session::begin_drain() {
    if (draining_) return;
    draining_ = true;
    // Streams up to the last one received are served; later ones are refused by nghttp2.
    nghttp2_submit_goaway(session_.get(), NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_.get()),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    send();
}

}  // namespace connql::http::detail
