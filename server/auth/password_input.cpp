#include "server/auth/password_input.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "common/diagnostic.h"

namespace connql::auth {

namespace {

// Turns echo off for its lifetime; the terminal is restored even when reading throws.
class EchoOff {
public:
    explicit EchoOff(int fd) : fd_(fd) {
        if (tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;  // the Enter still moves to the next line
        active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

// Byte by byte: nothing past the line is consumed, so a caller may read on from `fd`.
std::string read_line(int fd) {
    std::string line;
    bool any = false;
    for (;;) {
        char c = 0;
        ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(ErrorKind::Runtime, std::string("cannot read the password: ") + std::strerror(errno));
        if (n == 0) break;
        any = true;
        if (c == '\n') break;
        line += c;
    }
    if (!any) throw Error(ErrorKind::Usage, "no password given on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

std::string read_password(int fd, std::ostream& prompt_out, const std::string& prompt) {
    if (!isatty(fd)) return read_line(fd);
    prompt_out << prompt << std::flush;
    EchoOff quiet(fd);
    return read_line(fd);
}

std::string read_password() { return read_password(STDIN_FILENO, std::cerr); }

}  // namespace connql::auth
