#include "repl/pager.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace connql {

namespace {

int terminal_rows() {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0) return size.ws_row;
    return 24;
}

std::string pager_command() {
    const char* pager = std::getenv("PAGER");
    if (pager == nullptr) return "less -FRX";
    return pager;
}

}  // namespace

void show_paged(const std::string& text) {
    long lines = std::count(text.begin(), text.end(), '\n');
    std::string command = pager_command();
    if (lines < terminal_rows() - 1 || command.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return;
    }
    std::fflush(stdout);
    // A pager quit before the end closes the pipe: that is no error of ours.
    struct sigaction ignore {}, previous {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &previous);
    FILE* pager = popen(command.c_str(), "w");
    if (pager == nullptr) {
        std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
        std::fwrite(text.data(), 1, text.size(), pager);
        pclose(pager);
    }
    sigaction(SIGPIPE, &previous, nullptr);
    std::fflush(stdout);
}

}  // namespace connql
