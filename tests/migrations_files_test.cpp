// Migration files, versions, checksums and the history fold (no cluster).
#include <filesystem>
#include <fstream>

#include "helpers.h"
#include "subprocess.h"
#include "migrations/files.h"
#include "migrations/history.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;
using migrations::Version;

Version v(const std::string& text) { return *Version::parse(text); }

TEST(MigrationVersions, CompareNumberByNumber) {
    EXPECT_LT(v("2"), v("10"));
    EXPECT_LT(v("10"), v("10.1"));
    EXPECT_LT(v("1.9"), v("1.10"));
    EXPECT_EQ(v("000001"), v("1"));  // ksql-migrations' V000001__ names work unchanged
    EXPECT_EQ(v("1.0"), v("1"));
    EXPECT_EQ(v("000042").text(), "42");
    for (const char* bad : {"", "a", "1..2", "1.", ".1", "0", "-1", "1.x"}) EXPECT_FALSE(Version::parse(bad)) << bad;
}

TEST(MigrationChecksums, IgnoreLineEndingsAndBom) {
    std::string lf = "CREATE SOURCE CONNECTOR a USING 'X';\nDROP CONNECTOR b;\n";
    std::string crlf = "CREATE SOURCE CONNECTOR a USING 'X';\r\nDROP CONNECTOR b;\r\n";
    EXPECT_EQ(migrations::checksum(lf), migrations::checksum(crlf));
    EXPECT_EQ(migrations::checksum(lf), migrations::checksum("\xEF\xBB\xBF" + lf));
    EXPECT_NE(migrations::checksum(lf), migrations::checksum(lf + " "));
    std::string sum = migrations::checksum(lf);
    EXPECT_EQ(sum.rfind("sha256:", 0), 0u);
    EXPECT_EQ(sum.size(), 7u + 64u);
    EXPECT_EQ(migrations::checksum(""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

class MigrationFolder : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("connql_migrations_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const std::string& name, const std::string& text = "DROP CONNECTOR IF EXISTS x;\n") {
        std::ofstream(dir_ / name) << text;
    }
    Diagnostic error() {
        return error_of([&] { migrations::read_migrations(dir_.string()); });
    }
    fs::path dir_;
    static inline int counter_ = 0;
};

TEST_F(MigrationFolder, ReadsInVersionOrderWithUndoFiles) {
    write("V10__later.sql");
    write("V2__second_one.sql");
    write("V10.1__fix.sql");
    write("V000001__from_ksql_migrations.sql");
    write("U2__second_one.sql", "DROP CONNECTOR IF EXISTS y;\n");
    auto files = migrations::read_migrations(dir_.string());
    ASSERT_EQ(files.size(), 4u);
    EXPECT_EQ(files[0].version.text(), "1");
    EXPECT_EQ(files[1].version.text(), "2");
    EXPECT_EQ(files[1].description, "second one");
    EXPECT_EQ(files[1].script, "V2__second_one.sql");
    ASSERT_TRUE(files[1].undo_text.has_value());
    EXPECT_EQ(*files[1].undo_text, "DROP CONNECTOR IF EXISTS y;\n");
    EXPECT_FALSE(files[0].undo_path.has_value());
    EXPECT_EQ(files[2].version.text(), "10");
    EXPECT_EQ(files[3].version.text(), "10.1");
    EXPECT_EQ(migrations::next_file_name(files, "orders s3 sink"), "V11__orders_s3_sink.sql");
}

TEST_F(MigrationFolder, BadNamesDuplicatesAndOrphanUndoFilesAreErrors) {
    write("V1__a.sql");
    write("notes.sql");
    Diagnostic bad = error();
    EXPECT_EQ(bad.kind, ErrorKind::Usage);
    EXPECT_NE(bad.message.find("'notes.sql' is not a migration file name"), std::string::npos) << bad.message;
    EXPECT_NE(bad.origin.find("notes.sql"), std::string::npos);
    fs::remove(dir_ / "notes.sql");
    write("V001__again.sql");
    EXPECT_NE(error().message.find("version 1 is given twice"), std::string::npos);
    fs::remove(dir_ / "V001__again.sql");
    write("U7__nothing.sql");
    EXPECT_NE(error().message.find("has no V file of version 7"), std::string::npos);
    fs::remove_all(dir_);
    EXPECT_NE(error().message.find("there is no migrations folder"), std::string::npos);
}

TEST(MigrationExamples, ReadAndEveryStatementPrepares) {
    std::string folder = std::string(CONNQL_SOURCE_DIR) + "/examples/migrations";
    auto files = migrations::read_migrations(folder);
    ASSERT_EQ(files.size(), 3u);
    EXPECT_FALSE(files[0].undo_path.has_value());
    EXPECT_TRUE(files[1].undo_path.has_value());
    EXPECT_TRUE(files[2].undo_path.has_value());
    Result r = run("explain --define pg_host=db " + folder);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("CREATE SOURCE CONNECTOR orders-cdc"), std::string::npos) << r.out;
}

TEST(MigrationHistory, TheLatestRecordOfEachVersionIsItsRow) {
    migrations::HistoryRow row;
    row.version = v("1");
    row.description = "first";
    row.checksum = "sha256:aa";
    row.state = migrations::RowState::Running;
    row.completed_statements = 1;
    std::vector<migrations::HistoryRecord> records;
    records.push_back({row.key(), row.to_json().dump()});
    row.state = migrations::RowState::Failed;
    row.unknown_statement = 1;
    row.error = "timed out";
    records.push_back({row.key(), row.to_json().dump()});
    records.push_back({"lock/claim", "{\"owner\":\"x\"}"});
    records.push_back({"history/2", "not json"});
    auto rows = migrations::fold_history(records);
    ASSERT_EQ(rows.size(), 1u);
    const migrations::HistoryRow& folded = rows.at(v("1"));
    EXPECT_EQ(folded.state, migrations::RowState::Failed);
    EXPECT_EQ(folded.completed_statements, 1);
    EXPECT_EQ(folded.unknown_statement, std::optional<int>(1));
    EXPECT_EQ(folded.error, "timed out");
    EXPECT_FALSE(folded.success());
}

}  // namespace
}  // namespace connql::testing
