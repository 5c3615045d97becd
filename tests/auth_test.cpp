// server/auth: the users and tokens files, the Authenticator, password input.
#include <gtest/gtest.h>

#include <crypt.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/diagnostic.h"
#include "server/auth/authenticator.h"
#include "server/auth/password_input.h"
#include "server/auth/tokens_file.h"
#include "server/auth/users_file.h"

namespace fs = std::filesystem;
using namespace connql::auth;

namespace {

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += i + 1 < bytes.size() ? kAlphabet[v >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
    }
    return out;
}

std::string basic(const std::string& user, const std::string& password) { return "Basic " + base64(user + ":" + password); }

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

unsigned mode_of(const fs::path& file) {
    struct stat st {};
    EXPECT_EQ(stat(file.c_str(), &st), 0);
    return st.st_mode & 0777;
}

std::optional<Principal> principal(const std::variant<Principal, AuthFailure>& result) {
    if (const Principal* p = std::get_if<Principal>(&result)) return *p;
    return std::nullopt;
}
std::string failure(const std::variant<Principal, AuthFailure>& result) {
    const AuthFailure* f = std::get_if<AuthFailure>(&result);
    return f ? f->message : "<accepted>";
}

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const connql::Error& e) {
        return e.what();
    }
    return "<no error>";
}

class AuthFiles : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "connql-auth-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir = pattern;
        users = dir / "users";
        tokens = dir / "tokens";
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir, users, tokens;
};

}  // namespace

TEST(Roles, ReadRunsOnlyWhatLeavesTheClusterAlone) {
    EXPECT_TRUE(allows(Role::Read, false));
    EXPECT_FALSE(allows(Role::Read, true));
    EXPECT_TRUE(allows(Role::Write, true));
    EXPECT_TRUE(allows(Role::Write, false));
    EXPECT_EQ(parse_role("read"), Role::Read);
    EXPECT_EQ(parse_role("write"), Role::Write);
    EXPECT_EQ(parse_role("admin"), std::nullopt);
    EXPECT_EQ(role_name(Role::Read), "read");
}

TEST_F(AuthFiles, SetPasswordCreatesThenChangesOneLineAndKeepsTheOthers) {
    std::string bob = "bob:read:" + hash_password("bobs password");
    spit(users, "# connql users\n" + bob + "\n\n# trailing comment\n");
    fs::permissions(users, fs::perms(0644));

    set_password(users, "alice", "first", Role::Read);
    std::string once = slurp(users);
    EXPECT_EQ(mode_of(users), 0600u);
    std::vector<UserEntry> entries = read_users_file(users);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[1].name, "alice");
    EXPECT_EQ(entries[1].role, Role::Read);
    EXPECT_EQ(entries[1].hash.rfind("$y$", 0), 0u) << "yescrypt";
    EXPECT_TRUE(verify_password("first", entries[1].hash));
    EXPECT_FALSE(verify_password("First", entries[1].hash));
    EXPECT_EQ(once.find("first"), std::string::npos) << "no plaintext password in the file";

    set_password(users, "alice", "second");  // no role given: alice stays read
    std::string twice = slurp(users);
    EXPECT_NE(once, twice);
    entries = read_users_file(users);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[1].role, Role::Read);
    EXPECT_TRUE(verify_password("second", entries[1].hash));
    EXPECT_FALSE(verify_password("first", entries[1].hash));
    EXPECT_EQ(twice, "# connql users\n" + bob + "\n\n# trailing comment\n" + "alice:read:" + entries[1].hash + "\n");
    EXPECT_EQ(mode_of(users), 0600u);

    set_password(users, "alice", "second", Role::Write);
    EXPECT_EQ(read_users_file(users)[1].role, Role::Write);
    // No temporary file is left beside it.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST_F(AuthFiles, SetPasswordAsRootKeepsTheFilesOwner) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
    spit(users, "");
    ASSERT_EQ(chown(users.c_str(), 65534, 65534), 0);
    set_password(users, "alice", "pw");
    struct stat st {};
    ASSERT_EQ(stat(users.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 65534u) << "the server running as that user must still read its file";
    EXPECT_EQ(st.st_gid, 65534u);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(AuthFiles, SetPasswordRefusesBadNamesAndPasswords) {
    EXPECT_NE(error_of([&] { set_password(users, "a:b", "pw"); }).find("invalid user name"), std::string::npos);
    EXPECT_NE(error_of([&] { set_password(users, "", "pw"); }).find("invalid user name"), std::string::npos);
    EXPECT_NE(error_of([&] { set_password(users, "alice", ""); }).find("empty"), std::string::npos);
    EXPECT_NE(error_of([&] { set_password(users, "alice", std::string("a\0b", 3)); }).find("NUL"), std::string::npos);
    EXPECT_FALSE(fs::exists(users));
}

TEST_F(AuthFiles, LoadErrorsNameFileAndLineAndQuoteNoHash) {
    std::string hash = hash_password("pw");
    spit(users, "# users\nalice:write:" + hash + "\ncarol:admin:" + hash + "\n");
    std::string message = error_of([&] { Authenticator::load(users, std::nullopt); });
    EXPECT_NE(message.find(users.string() + ":3: "), std::string::npos) << message;
    EXPECT_NE(message.find("unknown role"), std::string::npos) << message;
    EXPECT_EQ(message.find(hash), std::string::npos) << message;

    spit(users, "alice:write:" + hash + "\njust some text\n");
    message = error_of([&] { Authenticator::load(users, std::nullopt); });
    EXPECT_NE(message.find(users.string() + ":2: expected name:role:hash"), std::string::npos) << message;

    spit(users, "alice:write:" + hash + "\nalice:read:" + hash + "\n");
    EXPECT_NE(error_of([&] { read_users_file(users); }).find(":2: user 'alice' is listed twice"), std::string::npos);

    // MD5 crypt is salted but fast: refused.
    spit(users, "old:write:$1$saltsalt$qjXMvbEw8oaL.CzflDugX/\n");
    message = error_of([&] { read_users_file(users); });
    EXPECT_NE(message.find(":1: the hash of user 'old' uses a legacy method"), std::string::npos) << message;
    EXPECT_EQ(message.find("qjXMvbEw8oaL"), std::string::npos);

    spit(tokens, "# tokens\n\nsecret-token-in-clear write\n");
    message = error_of([&] { Authenticator::load(std::nullopt, tokens); });
    EXPECT_NE(message.find(tokens.string() + ":3: "), std::string::npos) << message;
    EXPECT_EQ(message.find("secret-token-in-clear"), std::string::npos) << message;

    EXPECT_NE(error_of([&] { Authenticator::load(dir / "missing", std::nullopt); }).find("cannot read users file"),
              std::string::npos);
}

TEST_F(AuthFiles, Sha512CryptHashesWrittenByOtherToolsAreAccepted) {
    // As `mkpasswd -m sha-512` would write it.
    void* data = nullptr;
    int size = 0;
    char* setting = crypt_gensalt_ra("$6$", 0, nullptr, 0);
    ASSERT_TRUE(setting);
    std::string hash = crypt_ra("sha pw", setting, &data, &size);
    std::free(setting);
    std::free(data);
    ASSERT_EQ(hash.rfind("$6$", 0), 0u);
    spit(users, "dave:read:" + hash + "\n");
    Authenticator auth = Authenticator::load(users, std::nullopt);
    std::optional<Principal> who = principal(auth.check(basic("dave", "sha pw")));
    ASSERT_TRUE(who);
    EXPECT_EQ(who->role, Role::Read);
}

TEST_F(AuthFiles, BasicAcceptsTheRightPasswordOnly) {
    set_password(users, "alice", "correct horse", Role::Read);
    set_password(users, "bob", "battery staple");
    Authenticator auth = Authenticator::load(users, std::nullopt);
    ASSERT_TRUE(auth.enabled());

    std::optional<Principal> alice = principal(auth.check(basic("alice", "correct horse")));
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->name, "alice");
    EXPECT_EQ(alice->role, Role::Read);
    std::optional<Principal> bob = principal(auth.check("basic " + base64("bob:battery staple")));  // scheme in any case
    ASSERT_TRUE(bob);
    EXPECT_EQ(bob->role, Role::Write);

    // A wrong password and an unknown user read the same, and quote neither.
    std::string wrong = failure(auth.check(basic("alice", "battery staple")));
    std::string unknown = failure(auth.check(basic("mallory", "correct horse")));
    EXPECT_EQ(wrong, "unknown user or wrong password");
    EXPECT_EQ(unknown, wrong);
    // A password holding ':' is split at the first colon only.
    set_password(users, "carol", "a:b:c");
    ASSERT_TRUE(auth.reload());
    EXPECT_TRUE(principal(auth.check(basic("carol", "a:b:c"))));
    EXPECT_EQ(failure(auth.check(basic("carol", "a:b"))), wrong);
    // Bearer is not enabled without a tokens file.
    EXPECT_EQ(failure(auth.check(std::string_view("Bearer abc"))), "bearer tokens are not enabled on this server");
}

TEST_F(AuthFiles, MalformedHeadersAreRefusedWithoutDetail) {
    set_password(users, "alice", "pw");
    Authenticator auth = Authenticator::load(users, std::nullopt);
    EXPECT_EQ(failure(auth.check(std::nullopt)), "no credentials");
    EXPECT_EQ(failure(auth.check(std::string_view(""))), "no credentials");
    EXPECT_EQ(failure(auth.check(std::string_view("   "))), "no credentials");
    for (const std::string& header : std::vector<std::string>{"Basic", "Basic ", "Basic !!!!", "Basic YWxpY2U6cHc", "Basic YWxpY2U6cH=c", "Basic a b",
                               "Basic " + base64("alice-without-colon")}) {
        EXPECT_EQ(failure(auth.check(std::string_view(header))), "malformed Authorization header") << header;
    }
    EXPECT_EQ(failure(auth.check(std::string_view("Digest username=alice"))),
              "unsupported authorization scheme (use Basic or Bearer)");
    // The right credentials, well-formed, still pass (the decoder is strict, not broken).
    EXPECT_TRUE(principal(auth.check(std::string_view("Basic YWxpY2U6cHc="))));
}

TEST_F(AuthFiles, BearerTokensAreStoredHashedAndCheckedWithTheirRole) {
    std::string reader = add_token(tokens, Role::Read, "dashboard");
    std::string writer = add_token(tokens, Role::Write);
    EXPECT_EQ(reader.size(), 43u) << "32 bytes, base64url without padding";
    EXPECT_NE(reader, writer);
    EXPECT_EQ(mode_of(tokens), 0600u);
    std::string stored = slurp(tokens);
    EXPECT_EQ(stored.find(reader), std::string::npos);
    EXPECT_EQ(stored.find(writer), std::string::npos);
    EXPECT_NE(stored.find(token_hash(reader) + " read dashboard\n"), std::string::npos) << stored;

    Authenticator auth = Authenticator::load(std::nullopt, tokens);
    std::optional<Principal> r = principal(auth.check("Bearer " + reader));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->name, "dashboard");
    EXPECT_EQ(r->role, Role::Read);
    std::optional<Principal> w = principal(auth.check("bearer " + writer));
    ASSERT_TRUE(w);
    EXPECT_EQ(w->role, Role::Write);
    EXPECT_EQ(w->name, "token:" + token_hash(writer).substr(0, 8));

    EXPECT_EQ(failure(auth.check("Bearer " + reader + "x")), "unknown token");
    EXPECT_EQ(failure(auth.check("Bearer " + token_hash(reader))), "unknown token") << "the hash is no token";
    EXPECT_EQ(failure(auth.check(basic("dashboard", reader))), "Basic authentication is not enabled on this server");
}

TEST_F(AuthFiles, RepeatedChecksOfTheSameLoginAreServedFromTheCache) {
    set_password(users, "alice", "pw");
    Authenticator auth = Authenticator::load(users, std::nullopt);
    std::string header = basic("alice", "pw");
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    ASSERT_TRUE(principal(auth.check(header)));
    auto first = clock::now() - t0;
    auto t1 = clock::now();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(principal(auth.check(header)));
    auto ten_more = clock::now() - t1;
    // yescrypt takes milliseconds; an HMAC and a map lookup, microseconds.
    EXPECT_GT(first, std::chrono::milliseconds(1));
    EXPECT_LT(ten_more, first / 5) << "first " << first.count() << " ns, ten more " << ten_more.count() << " ns";
    // A wrong password is not cached: it pays the hash every time.
    auto t2 = clock::now();
    EXPECT_FALSE(principal(auth.check(basic("alice", "wrong"))));
    EXPECT_GT(clock::now() - t2, std::chrono::milliseconds(1));
}

TEST_F(AuthFiles, AChangedFileIsReloadedAndTheCacheForgetsOldPasswords) {
    set_password(users, "alice", "old");
    Authenticator auth = Authenticator::load(users, std::nullopt);
    ASSERT_TRUE(principal(auth.check(basic("alice", "old"))));  // now cached
    EXPECT_FALSE(auth.reload()) << "nothing changed";

    set_password(users, "alice", "new");
    EXPECT_TRUE(auth.reload());
    EXPECT_FALSE(principal(auth.check(basic("alice", "old"))));
    EXPECT_TRUE(principal(auth.check(basic("alice", "new"))));

    // A file that no longer loads leaves the last good one in force, and says why.
    std::string good = slurp(users);
    spit(users, good + "broken line\n");
    EXPECT_FALSE(auth.reload());
    ASSERT_TRUE(auth.last_reload_error().has_value());
    EXPECT_NE(auth.last_reload_error()->find(":2: expected name:role:hash"), std::string::npos);
    EXPECT_TRUE(principal(auth.check(basic("alice", "new"))));
    spit(users, good);
    EXPECT_TRUE(auth.reload());
    EXPECT_FALSE(auth.last_reload_error().has_value());
}

TEST_F(AuthFiles, ChecksNoticeAChangedFileWithinASecondWithoutBeingAsked) {
    set_password(users, "alice", "old");
    Authenticator auth = Authenticator::load(users, std::nullopt);
    set_password(users, "alice", "new");
    EXPECT_FALSE(principal(auth.check(basic("alice", "new")))) << "looked at most once a second";
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_TRUE(principal(auth.check(basic("alice", "new"))));
    EXPECT_FALSE(principal(auth.check(basic("alice", "old"))));
}

TEST_F(AuthFiles, ConcurrentChecksWhileTheFileChanges) {
    set_password(users, "alice", "pw");
    std::string token = add_token(tokens, Role::Read);
    Authenticator auth = Authenticator::load(users, tokens);
    std::atomic<int> accepted{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                auto result = t % 2 ? auth.check(basic("alice", "pw")) : auth.check("Bearer " + token);
                (principal(result) ? accepted : refused)++;
            }
        });
    }
    // Bob is added (one yescrypt) while the others check; reloads clear the cache under them.
    set_password(users, "bob", "pw2");
    for (int i = 0; i < 3; ++i) auth.reload();
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(accepted.load(), 200);
    EXPECT_EQ(refused.load(), 0);
    EXPECT_TRUE(principal(auth.check(basic("bob", "pw2"))));
}

TEST(Authenticator, WithoutFilesEveryRequestIsAnAnonymousWriter) {
    Authenticator auth = Authenticator::load(std::nullopt, std::nullopt);
    EXPECT_FALSE(auth.enabled());
    std::optional<Principal> who = principal(auth.check(std::nullopt));
    ASSERT_TRUE(who);
    EXPECT_EQ(who->name, "anonymous");
    EXPECT_EQ(who->role, Role::Write);
    EXPECT_FALSE(auth.reload());

    // Moved from, it lets nobody in rather than everybody.
    Authenticator moved = std::move(auth);
    EXPECT_TRUE(principal(moved.check(std::nullopt)));
    EXPECT_FALSE(principal(auth.check(std::nullopt)));  // NOLINT(bugprone-use-after-move)
}

TEST(PasswordInput, APipeGivesItsFirstLineWithoutPrompt) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::string input = "s3cret pw\r\nnext line\n";
    ASSERT_EQ(write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    close(fds[1]);
    std::ostringstream prompt;
    EXPECT_EQ(read_password(fds[0], prompt), "s3cret pw");
    EXPECT_EQ(prompt.str(), "") << "no prompt when piped";
    EXPECT_EQ(read_password(fds[0], prompt), "next line") << "nothing past the first line was consumed";
    EXPECT_THROW(read_password(fds[0], prompt), connql::Error) << "end of input";
    close(fds[0]);
}
