#include "server/http/exchange.h"

#include "server/http/core.h"

namespace connql::http {

Exchange::Exchange(Request request, std::shared_ptr<detail::Core> core)
    : request_(std::move(request)), core_(std::move(core)) {}

Exchange::~Exchange() = default;

void Exchange::on_loop(std::function<void()> action) {
    if (core_->on_loop_thread())
        action();
    else
        core_->post(std::move(action));
}

void Exchange::respond(Response response) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::waiting) return;
        state_ = State::answered;
    }
    on_loop([self = shared_from_this(), response = std::move(response)]() mutable {
        if (self->sink_) {
            auto keep = self->sink_->shared_from_this();  // the answer may end the stream
            keep->send_response(std::move(response));
        }
        self->core_->release(*self);
    });
}

void Exchange::start_stream(int status, std::string content_type) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::waiting) return;
        state_ = State::streaming;
    }
    on_loop([self = shared_from_this(), status, content_type = std::move(content_type)] {
        if (self->sink_) self->sink_->shared_from_this()->send_head(status, content_type);
    });
}

bool Exchange::write(std::string chunk) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::streaming || client_gone()) return false;
    }
    if (chunk.empty()) return true;
    on_loop([self = shared_from_this(), chunk = std::move(chunk)]() mutable {
        if (self->sink_) self->sink_->shared_from_this()->send_chunk(std::move(chunk));
    });
    return true;
}

void Exchange::finish() {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::streaming) return;
        state_ = State::finished;
    }
    on_loop([self = shared_from_this()] {
        if (self->sink_) self->sink_->shared_from_this()->send_end();
        self->core_->release(*self);
    });
}

}  // namespace connql::http
