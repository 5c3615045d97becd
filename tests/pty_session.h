// The connql binary at a pseudo-terminal, driven as a user drives it: keys in,
// the screen's bytes out. Waits are on conditions (text appearing) with a
// deadline, never fixed sleeps.
#pragma once

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace connql::testing {

namespace keys {
inline const std::string up = "\033[A", down = "\033[B", right = "\033[C", left = "\033[D";
inline const std::string home = "\033[H", end = "\033[F";
inline const std::string tab = "\t", enter = "\r", ctrl_c = "\x03", ctrl_d = "\x04", ctrl_r = "\x12";
}  // namespace keys

class PtySession {
public:
    using Clock = std::chrono::steady_clock;

    // Runs CONNQL_BINARY with `arguments` and `environment` added to this process's.
    PtySession(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& environment,
               unsigned short rows = 40, unsigned short columns = 200) {
        winsize size{};
        size.ws_row = rows;
        size.ws_col = columns;
        pid_ = forkpty(&master_, nullptr, nullptr, &size);
        if (pid_ == 0) {
            for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
            setenv("TERM", "xterm", 1);
            std::vector<char*> argv;
            std::string binary = CONNQL_BINARY;
            argv.push_back(binary.data());
            std::vector<std::string> copies = arguments;
            for (std::string& argument : copies) argv.push_back(argument.data());
            argv.push_back(nullptr);
            execv(binary.c_str(), argv.data());
            _exit(127);
        }
        started_ = Clock::now();
    }

    ~PtySession() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (master_ >= 0) close(master_);
    }
    PtySession(const PtySession&) = delete;
    PtySession& operator=(const PtySession&) = delete;

    void send(const std::string& bytes) {
        ssize_t written = write(master_, bytes.data(), bytes.size());
        EXPECT_EQ(written, static_cast<ssize_t>(bytes.size()));
    }

    // Everything the program wrote since `from` (an offset of screen()).
    const std::string& screen() const { return output_; }
    size_t mark() const { return output_.size(); }
    std::string since(size_t from) const { return output_.substr(std::min(from, output_.size())); }

    // Reads until `text` appears after `from`, or the deadline passes.
    bool wait_for(const std::string& text, size_t from = 0, std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
        const auto until = Clock::now() + deadline;
        while (output_.find(text, std::min(from, output_.size())) == std::string::npos) {
            if (Clock::now() >= until || !read_some(until)) {
                return output_.find(text, std::min(from, output_.size())) != std::string::npos;
            }
        }
        return true;
    }

    // Waits for a new prompt after `from`. The REPL turns bracketed paste on just
    // before each prompt: that sequence and the prompt come once per line read,
    // where a redrawn line may show the prompt again.
    bool wait_for_prompt(size_t from, const std::string& prompt = "connql> ",
                         std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
        return wait_for("\033[?2004h" + prompt, from, deadline);
    }

    // The exit code, once the program ended within the deadline; -1 otherwise.
    int wait_exit(std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
        const auto until = Clock::now() + deadline;
        while (Clock::now() < until) {
            int status = 0;
            pid_t done = waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                exited_ = true;
                while (read_some(Clock::now() + std::chrono::milliseconds(50))) {
                }
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            read_some(Clock::now() + std::chrono::milliseconds(50));
        }
        return -1;
    }

    bool alive() {
        if (exited_) return false;
        return waitpid(pid_, nullptr, WNOHANG) == 0;
    }

    Clock::time_point started() const { return started_; }

private:
    // Reads what is there, waiting until `until`; false at end of output.
    bool read_some(Clock::time_point until) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        pollfd fd{master_, POLLIN, 0};
        int ready = poll(&fd, 1, static_cast<int>(std::max<long long>(left, 0)));
        if (ready <= 0) return ready == 0;
        char buffer[4096];
        ssize_t n = read(master_, buffer, sizeof buffer);
        if (n <= 0) return false;  // EIO: the program closed the terminal
        output_.append(buffer, static_cast<size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int master_ = -1;
    bool exited_ = false;
    std::string output_;
    Clock::time_point started_;
};

}  // namespace connql::testing
