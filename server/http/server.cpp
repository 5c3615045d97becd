#include "server/http/server.h"

#include <atomic>
#include <stdexcept>

#include "server/http/core.h"
#include "server/http/worker_pool.h"

namespace connql::http {

class Server::Impl {
public:
    Impl(ServerOptions options, Handler handler)
        : pool(options.worker_threads), core(std::make_shared<detail::Core>(std::move(options), std::move(handler))) {}

    // The pool is declared first, so destroyed last: work still queued may answer
    // exchanges (dropped once the loop is gone) but never outlives its threads.
    detail::WorkerPool pool;
    std::shared_ptr<detail::Core> core;
    std::atomic<bool> started{false};
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
    stop(std::chrono::milliseconds(0));
    wait();
}

void Server::start() {
    if (impl_->started.exchange(true)) throw std::logic_error("connql::http::Server::start called twice");
    try {
        impl_->core->start();
    } catch (...) {
        impl_->started = false;
        throw;
    }
}

int Server::port() const { return impl_->core->port(); }

void Server::offload(std::function<void()> work) { impl_->pool.submit(std::move(work)); }

void Server::stop(std::chrono::milliseconds drain) {
    if (!impl_->started) return;
    impl_->core->post([core = impl_->core.get(), drain] { core->begin_stop(drain); });
}

void Server::wait() {
    if (impl_->started) impl_->core->join();
}

}  // namespace connql::http
