#include "migrations/files.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "common/diagnostic.h"
#include "engine/prepare.h"

namespace connql::migrations {

namespace fs = std::filesystem;

std::optional<Version> Version::parse(const std::string& text) {
    Version version;
    size_t start = 0;
    while (true) {
        size_t dot = text.find('.', start);
        std::string part = text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty() || part.size() > 18 ||
            !std::all_of(part.begin(), part.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            return std::nullopt;
        }
        version.parts.push_back(std::stoull(part));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    while (version.parts.size() > 1 && version.parts.back() == 0) version.parts.pop_back();
    if (version.parts.size() == 1 && version.parts[0] == 0) return std::nullopt;  // versions start at 1
    return version;
}

std::string Version::text() const {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + std::to_string(parts[i]);
    return out;
}

bool operator<(const Version& a, const Version& b) { return a.parts < b.parts; }
bool operator==(const Version& a, const Version& b) { return a.parts == b.parts; }

std::string checksum(const std::string& text) {
    std::string normal;
    normal.reserve(text.size());
    size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    for (size_t i = start; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        normal += text[i];
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(normal.data(), normal.size(), digest, &length, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out = "sha256:";
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

namespace {

struct ParsedName {
    char kind;  // 'V' or 'U'
    Version version;
    std::string description;
};

std::optional<ParsedName> parse_name(const std::string& name) {
    if (name.size() < 9 || (name[0] != 'V' && name[0] != 'U') || name.compare(name.size() - 4, 4, ".sql") != 0) {
        return std::nullopt;
    }
    size_t separator = name.find("__");
    if (separator == std::string::npos || separator < 2) return std::nullopt;
    std::optional<Version> version = Version::parse(name.substr(1, separator - 1));
    std::string description = name.substr(separator + 2, name.size() - 4 - separator - 2);
    if (!version || description.empty()) return std::nullopt;
    std::replace(description.begin(), description.end(), '_', ' ');
    return ParsedName{name[0], *version, description};
}

[[noreturn]] void bad_file(const std::string& path, const std::string& message, const std::string& hint) {
    Error error(ErrorKind::Usage, message, {1, 1}, hint);
    error.diagnostic().origin = path;
    throw error;
}

}  // namespace

std::vector<MigrationFile> read_migrations(const std::string& folder) {
    std::error_code code;
    if (!fs::is_directory(folder, code)) {
        throw Error(ErrorKind::Usage, "there is no migrations folder '" + folder + "'", {},
                    "give it with --dir, or create the first migration with: connql migrate new <description>");
    }
    std::map<Version, MigrationFile> versions;
    std::map<Version, std::string> undos;
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(folder, code)) {
        if (entry.is_regular_file() && entry.path().extension() == ".sql") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& path : paths) {
        std::string name = path.filename().string();
        std::optional<ParsedName> parsed = parse_name(name);
        if (!parsed) {
            bad_file(path.string(), "'" + name + "' is not a migration file name",
                     "name migrations V<version>__<description>.sql (V1__orders_cdc.sql, V1.1__fix.sql) and their "
                     "undo files U<version>__<description>.sql; keep other SQL outside the migrations folder");
        }
        if (parsed->kind == 'U') {
            if (!undos.emplace(parsed->version, path.string()).second) {
                bad_file(path.string(), "two undo files for version " + parsed->version.text() + ": '" + name +
                                            "' and '" + fs::path(undos[parsed->version]).filename().string() + "'",
                         "keep one U file per version");
            }
            continue;
        }
        MigrationFile file{parsed->version, parsed->description, path.string(), name, read_file(path.string()), "", {}, {}};
        file.checksum = checksum(file.text);
        auto [at, inserted] = versions.emplace(parsed->version, std::move(file));
        if (!inserted) {
            bad_file(path.string(), "version " + parsed->version.text() + " is given twice: '" + name + "' and '" +
                                        at->second.script + "'",
                     "give each migration its own version");
        }
    }
    for (const auto& [version, path] : undos) {
        auto it = versions.find(version);
        if (it == versions.end()) {
            bad_file(path, "undo file '" + fs::path(path).filename().string() + "' has no V file of version " +
                               version.text(),
                     "an undo file undoes the migration of the same version");
        }
        it->second.undo_path = path;
        it->second.undo_text = read_file(path);
    }
    std::vector<MigrationFile> out;
    for (auto& entry : versions) out.push_back(std::move(entry.second));
    return out;
}

std::string next_file_name(const std::vector<MigrationFile>& files, const std::string& description) {
    unsigned long long next = files.empty() ? 1 : files.back().version.parts.front() + 1;
    std::string slug;
    for (char c : description) slug += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return "V" + std::to_string(next) + "__" + slug + ".sql";
}

}  // namespace connql::migrations
