#include "cli/inputs.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace connql::cli {

namespace fs = std::filesystem;

std::vector<ScriptInput> read_inputs(const std::vector<std::string>& paths) {
    std::vector<ScriptInput> inputs;
    for (const std::string& path : paths) {
        if (path == "-") {
            inputs.push_back({"<stdin>", std::string(std::istreambuf_iterator<char>(std::cin), {})});
            continue;
        }
        std::error_code error;
        if (fs::is_directory(path, error)) {
            std::vector<std::string> files;
            for (const auto& entry : fs::recursive_directory_iterator(path, error)) {
                if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path().string());
            }
            std::sort(files.begin(), files.end());
            if (files.empty()) throw Error(ErrorKind::Usage, "directory '" + path + "' has no .sql file");
            for (const std::string& file : files) inputs.push_back({file, read_file(file)});
        } else {
            inputs.push_back({path, read_file(path)});
        }
    }
    return inputs;
}

}  // namespace connql::cli
