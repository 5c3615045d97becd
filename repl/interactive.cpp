// The REPL at a terminal: the line editor, history, completion, HELP, the pager,
// and Ctrl-C that stops a running statement without ending the session.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <initializer_list>
#include <iostream>
#include <sstream>

#include "common/text.h"
#include "engine/catalog.h"
#include "engine/runner.h"
#include "repl/completer.h"
#include "repl/help.h"
#include "repl/history.h"
#include "repl/input.h"
#include "repl/line_editor.h"
#include "repl/pager.h"
#include "repl/repl.h"

namespace connql {

namespace {

// SIGINT while a statement runs (the line editor takes Ctrl-C as a key) asks the
// engine to stop it: a handler may only touch a lock-free atomic.
std::atomic<bool>* interrupt_flag = nullptr;

void on_interrupt(int) {
    if (interrupt_flag != nullptr) interrupt_flag->store(true, std::memory_order_relaxed);
}

class InterruptsCancel {
public:
    explicit InterruptsCancel(const CancelToken& token) {
        interrupt_flag = token.flag();
        struct sigaction action {};
        action.sa_handler = &on_interrupt;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, &previous_);
    }
    ~InterruptsCancel() {
        sigaction(SIGINT, &previous_, nullptr);
        interrupt_flag = nullptr;
    }
    InterruptsCancel(const InterruptsCancel&) = delete;
    InterruptsCancel& operator=(const InterruptsCancel&) = delete;

private:
    struct sigaction previous_ {};
};

std::string prompt_for(const Session& session) {
    return session.cluster_name().empty() ? "connql> " : "connql:" + session.cluster_name() + "> ";
}

// As wide as the prompt, so that a statement's lines stay aligned.
std::string continuation_prompt(const std::string& prompt) { return std::string(prompt.size() - 3, ' ') + "-> "; }

std::string cluster_urls(const Session& session) {
    std::string urls;
    for (const std::string& url : session.cluster()->endpoint.urls) {
        urls += (urls.empty() ? "" : ", ") + mask_url_credentials(url);
    }
    return urls;
}

// The banner waits this long at most for the worker's version: the first prompt
// must come at once even when the cluster is slow or down.
constexpr std::chrono::milliseconds kBannerWait{40};
constexpr long kVersionTimeoutMs = 500;

class Shell {
public:
    Shell(Session& session, const ReplOptions& options)
        : session_(session), options_(options), editor_("connql", stdin, stdout), completion_source_(session),
          runner_(session), paging_(isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0) {
        std::optional<std::filesystem::path> path = options.history_path ? options.history_path : default_history_path();
        if (path) {
            history_.emplace(*path);
            for (const std::string& entry : history_->load()) editor_.add_history(entry);
        }
        editor_.on_tab([this](const std::string& line, size_t cursor) {
            return tab_answer(complete_at(line, cursor, completion_source_));
        });
    }

    int run() {
        print_banner();
        std::string buffer;
        while (true) {
            std::string prompt = prompt_for(session_);
            // A Ctrl-C from here on (once the line is read, the terminal sends SIGINT)
            // stops the statements of this line, even before they start.
            session_.cancel_token().reset();
            ReadResult read = editor_.read(buffer.empty() ? prompt : continuation_prompt(prompt));
            if (auto* interrupted = std::get_if<LineInterrupted>(&read)) {
                remember(buffer + interrupted->text);  // cleared, not lost: Up brings it back
                buffer.clear();
                continue;
            }
            if (std::holds_alternative<EndOfInput>(read)) {
                if (buffer.empty()) break;
                remember(buffer);
                buffer.clear();
                std::fputs("\ndiscarded the unfinished statement: nothing was sent (Up recalls it)\n", stdout);
                std::fflush(stdout);
                continue;
            }
            const std::string& line = std::get<LineRead>(read).text;
            if (buffer.empty() && is_command(line, {"exit", "quit", "\\q"})) break;
            if (buffer.empty() && is_command(line, {"help", "\\?", "\\h"})) {
                show(help_overview());
                continue;
            }
            buffer += line + "\n";
            SplitInput split = split_input(buffer);
            buffer = split.rest;
            if (split.statements.empty()) continue;
            std::string typed;
            for (const std::string& statement : split.statements) typed += statement;
            remember(typed);
            run_statements(split.statements);
        }
        std::fputs("\n", stdout);
        return 0;
    }

private:
    static bool is_command(const std::string& line, std::initializer_list<const char*> words) {
        std::string word = to_lower(line);
        size_t begin = word.find_first_not_of(" \t"), end = word.find_last_not_of(" \t;");
        if (begin == std::string::npos) return false;
        word = word.substr(begin, end + 1 - begin);
        for (const char* w : words) {
            if (word == w) return true;
        }
        return false;
    }

    void print_banner() {
        std::string first = std::string("connql ") + CONNQL_VERSION_TEXT;
        if (session_.cluster()) {
            std::optional<std::string> version = connect_version_quickly();
            first += ", Kafka Connect " + (version ? *version + " " : std::string()) + "at " + cluster_urls(session_);
            if (!version) first += " (no answer yet)";
            if (!session_.cluster_name().empty()) first += " (cluster " + session_.cluster_name() + ")";
        } else {
            first += ", no cluster configured (--connect-url, CONNQL_CONNECT_URL or USE CLUSTER)";
        }
        std::printf("%s\nStatements end with ';'. HELP; lists them, Tab completes, Ctrl-D leaves.\n", first.c_str());
        std::fflush(stdout);
    }

    // Asked on a thread of its own with its own connection; the banner waits
    // kBannerWait at most and goes on without it.
    std::optional<std::string> connect_version_quickly() {
        std::shared_ptr<connect::Client> client;
        try {
            client = session_.new_quick_client(kVersionTimeoutMs);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        version_ = std::async(std::launch::async, [client] { return connect_version(*client); });
        if (version_.wait_for(kBannerWait) != std::future_status::ready) return std::nullopt;
        return version_.get();
    }

    void remember(const std::string& statement) {
        if (is_blank(statement)) return;
        std::string entry = history_entry(statement);
        editor_.add_history(entry);
        if (history_) history_->append(statement);
    }

    OutputFormat output_format() const {
        std::optional<std::string> chosen = session_.property("connql.output");
        if (chosen == std::optional<std::string>("json")) return OutputFormat::Json;
        if (chosen == std::optional<std::string>("table")) return OutputFormat::Table;
        return options_.format;
    }

    // HELP requests are answered here; the statements between them go to the
    // Runner together, so that a failure stops the ones after it, as in a script.
    // A statement that names connql.output ends its batch: the next one prints
    // in the format it chose.
    void run_statements(const std::vector<std::string>& statements) {
        std::string batch;
        for (const std::string& statement : statements) {
            if (std::optional<std::string> topic = help_request(statement)) {
                if (!run_batch(batch)) return;
                batch.clear();
                show(help_topic(*topic));
                continue;
            }
            batch += statement;
            if (statement.find("connql.output") != std::string::npos) {
                if (!run_batch(batch)) return;
                batch.clear();
            }
        }
        run_batch(batch);
    }

    // Returns false when a statement failed: the rest of the line does not run.
    bool run_batch(const std::string& text) {
        if (is_blank(text)) return true;
        std::ostringstream captured;
        std::ostream& out = paging_ ? captured : std::cout;
        std::ostream& err = paging_ ? captured : std::cerr;  // one stream: errors stay after the results before them
        Printer printer(output_format(), out, err, !options_.show_secrets);
        RunReport report = runner_.run({{"<stdin>", text}}, printer);
        printer.finish(report);
        session_.cancel_token().reset();  // one Ctrl-C stops one batch
        if (paging_) {
            show(captured.str());
        } else {
            std::cout.flush();
        }
        return !report.failed();
    }

    void show(const std::string& text) {
        if (paging_) {
            show_paged(text);
        } else {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
        }
    }

    Session& session_;
    const ReplOptions& options_;
    LineEditor editor_;
    SessionCompletionSource completion_source_;
    Runner runner_;
    std::optional<HistoryFile> history_;
    bool paging_;
    std::future<std::optional<std::string>> version_;  // waited for at the end at most kVersionTimeoutMs
};

}  // namespace

int run_interactive(Session& session, const ReplOptions& options) {
    InterruptsCancel interrupts(session.cancel_token());
    Shell shell(session, options);
    return shell.run();
}

}  // namespace connql
