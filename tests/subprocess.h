// Runs the connql binary as users do, capturing its output and exit code.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace connql::testing {

struct Result {
    int exit_code = -1;
    std::string out;  // stdout and stderr, interleaved
};

inline Result run_command(const std::string& command, const std::string& stdin_text = "") {
    namespace fs = std::filesystem;
    static int counter = 0;
    fs::path input = fs::temp_directory_path() /
                     ("connql_stdin_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::ofstream(input) << stdin_text;
    std::string full = command + " < " + input.string() + " 2>&1";
    FILE* pipe = popen(full.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer{};
    while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    int status = pclose(pipe);
    fs::remove(input);
    return {WEXITSTATUS(status), out};
}

inline Result run(const std::string& arguments, const std::string& stdin_text = "") {
    return run_command(std::string(CONNQL_BINARY) + " " + arguments, stdin_text);
}

}  // namespace connql::testing
