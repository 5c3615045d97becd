// The candidate measured against server/http (docs/benchmarks.md, "HTTP transport"): libh2o-evloop
// 2.2.5 serving a small JSON on one port. Not built by CMake (h2o is not a dependency):
//   apt-get install libh2o-evloop-dev
//   gcc -O2 -o h2o_hello bench/prototypes/h2o_hello.c $(pkg-config --cflags --libs libh2o-evloop) -lssl -lcrypto
//   ./h2o_hello PORT
#define H2O_USE_LIBUV 0
#include <h2o.h>
#include <netinet/in.h>
#include <stdlib.h>
static h2o_globalconf_t config;
static h2o_context_t ctx;
static h2o_accept_ctx_t accept_ctx;
static int on_req(h2o_handler_t *self, h2o_req_t *req) {
    static h2o_generator_t generator = {NULL, NULL};
    req->res.status = 200;
    req->res.reason = "OK";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("application/json"));
    h2o_start_response(req, &generator);
    static h2o_iovec_t body = {H2O_STRLIT("{\"KsqlServerInfo\":{\"version\":\"0.1.0\",\"serverStatus\":\"RUNNING\"}}")};
    h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
    return 0;
}
static void on_accept(h2o_socket_t *listener, const char *err) {
    if (err != NULL) return;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock != NULL) h2o_accept(&accept_ctx, sock);
}
int main(int argc, char **argv) {
    h2o_config_init(&config);
    h2o_hostconf_t *hostconf = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *pathconf = h2o_config_register_path(hostconf, "/", 0);
    h2o_handler_t *handler = h2o_create_handler(pathconf, sizeof(*handler));
    handler->on_req = on_req;
    h2o_context_init(&ctx, h2o_evloop_create(), &config);
    accept_ctx.ctx = &ctx;
    accept_ctx.hosts = config.hosts;
    int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); a.sin_port = htons(atoi(argv[1]));
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 1024)) { perror("bind"); return 1; }
    h2o_socket_t *sock = h2o_evloop_socket_create(ctx.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    h2o_socket_read_start(sock, on_accept);
    while (h2o_evloop_run(ctx.loop, INT32_MAX) == 0);
}
