// The migration files of a folder: V<version>__<description>.sql to apply, and
// U<version>__<description>.sql to undo them. Versions are dotted numbers compared
// number by number (V2 < V10 < V10.1; V000001 from ksql-migrations is 1).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace connql::migrations {

struct Version {
    std::vector<unsigned long long> parts;  // 10.1 -> {10, 1}; trailing zeros are insignificant

    static std::optional<Version> parse(const std::string& text);
    std::string text() const;  // 10.1 (leading zeros dropped)
};
bool operator<(const Version& a, const Version& b);
bool operator==(const Version& a, const Version& b);
inline bool operator!=(const Version& a, const Version& b) { return !(a == b); }
inline bool operator>(const Version& a, const Version& b) { return b < a; }
inline bool operator<=(const Version& a, const Version& b) { return !(b < a); }

struct MigrationFile {
    Version version;
    std::string description;  // from the name, '_' shown as ' '
    std::string path;
    std::string script;       // the file name
    std::string text;
    std::string checksum;     // sha256:<hex> of the text without BOM, CRLF as LF
    std::optional<std::string> undo_path;  // its U file, if any
    std::optional<std::string> undo_text;
};

// Every V file of `folder` (and its U files), sorted by version. Throws
// connql::Error (Usage) naming the file for a bad name, a duplicate version, or a
// U file without its V file; a missing folder is an error too.
std::vector<MigrationFile> read_migrations(const std::string& folder);

// SHA-256 of the text after removing a UTF-8 BOM and turning CRLF into LF, so that
// an editor's line endings do not change it: "sha256:" + lower-case hex.
std::string checksum(const std::string& text);

// The next file `connql migrate new` writes: V<next>__<description>.sql.
std::string next_file_name(const std::vector<MigrationFile>& files, const std::string& description);

}  // namespace connql::migrations
