#include "server/http/sink.h"

#include "server/http/core.h"
#include "server/http/exchange.h"

namespace connql::http::detail {

Sink::~Sink() { unbind(); }

void Sink::bind(std::shared_ptr<Exchange> exchange) {
    exchange->sink_ = this;
    exchange_ = std::move(exchange);
}

void Sink::unbind() {
    if (!exchange_) return;
    std::shared_ptr<Exchange> exchange = std::move(exchange_);
    exchange_.reset();
    exchange->sink_ = nullptr;
    exchange->gone_.store(true, std::memory_order_release);
    exchange->core_->release(*exchange);
}

}  // namespace connql::http::detail
