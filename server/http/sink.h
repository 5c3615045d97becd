// The loop side of one exchange: an HTTP/1.x request or an HTTP/2 stream. Loop thread only.
#pragma once

#include <memory>
#include <string>

#include "server/http/message.h"

namespace connql::http {
class Exchange;
}

namespace connql::http::detail {

class Sink : public std::enable_shared_from_this<Sink> {
public:
    Sink() = default;
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;
    // The stream is over (answered, reset, or its connection closed): the exchange, if
    // any, becomes gone and stops counting as in flight.
    virtual ~Sink();

    virtual void send_response(Response response) = 0;
    virtual void send_head(int status, const std::string& content_type) = 0;
    virtual void send_chunk(std::string chunk) = 0;
    virtual void send_end() = 0;

    void bind(std::shared_ptr<Exchange> exchange);
    // Lets go of the exchange now (same effects as the destructor): for a stream whose
    // protocol object is gone while a call into it still holds the sink.
    void unbind();

private:
    std::shared_ptr<Exchange> exchange_;
};

}  // namespace connql::http::detail
