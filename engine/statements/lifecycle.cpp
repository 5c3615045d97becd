// PAUSE, RESUME, STOP and RESTART, and the wait for RUNNING that follows a change.
#include <chrono>
#include <thread>

#include "compiler/durations.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "engine/statement_context.h"

namespace connql::detail {

namespace api = connect::endpoints;

namespace {

void wait_until_running(const std::string& name, StatementContext& context) {
    const long long timeout_ms = context.session.duration_property("connql.wait.timeout", 60000);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    connect::Client& client = context.client();
    std::string last = "no status yet";
    while (true) {
        connect::Response response = api::get_status(client, name);
        if (response.ok()) {
            const nlohmann::json& status = response.body;
            std::string state = json_string(status.value("connector", nlohmann::json::object()), "state");
            std::string traces;
            bool all_running = state == "RUNNING";
            if (state == "FAILED") traces += "\nconnector: " + json_string(status["connector"], "trace");
            const nlohmann::json tasks = status.value("tasks", nlohmann::json::array());
            for (const auto& task : tasks) {
                std::string task_state = json_string(task, "state");
                all_running = all_running && task_state == "RUNNING";
                if (task_state == "FAILED") {
                    traces += "\ntask " + std::to_string(task.value("id", 0)) + ": " + json_string(task, "trace");
                }
            }
            if (!traces.empty()) {
                throw Error(ErrorKind::Runtime, "connector '" + name + "' failed:" + traces, {},
                            "fix the config (ALTER CONNECTOR " + name + " SET ...) and RESTART CONNECTOR " + name +
                                " WITH TASKS");
            }
            if (all_running && !tasks.empty()) return;
            last = summarize_state(status) + (tasks.empty() ? " (no tasks yet)" : "");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            Error error(ErrorKind::Runtime,
                        "connector '" + name + "' was not RUNNING after " + format_duration(timeout_ms) + ": " + last,
                        {}, "raise SET 'connql.wait.timeout', or look at DESCRIBE CONNECTOR " + name);
            error.diagnostic().flags.retriable = true;  // it may yet get there
            throw error;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace

void wait_after_change(const std::string& name, const ResultValue& applied, StatementContext& context) {
    if (context.session.property("connql.wait") != std::optional<std::string>("running")) return;
    context.partial = applied;
    context.partly_applied = true;
    wait_until_running(name, context);
    context.partial.reset();
    context.partly_applied = false;
}

ResultValue run(const ast::LifecycleConnector& statement, StatementContext& context) {
    using Action = ast::LifecycleConnector::Action;
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    connect::Response response = statement.action == Action::Pause    ? api::pause_connector(client, name)
                                 : statement.action == Action::Resume ? api::resume_connector(client, name)
                                                                      : api::stop_connector(client, name);
    const char* verb = statement.action == Action::Pause ? "pause" : statement.action == Action::Resume ? "resume" : "stop";
    if (!response.ok()) throw_connect_error(response, std::string(verb) + " connector '" + name + "'", {&client, name});
    const char* done = statement.action == Action::Pause ? "Paused" : statement.action == Action::Resume ? "Resumed" : "Stopped";
    MessageResult result{std::string(done) + " connector " + name};
    if (statement.action == Action::Resume) wait_after_change(name, result, context);
    return result;
}

ResultValue run(const ast::RestartConnector& statement, StatementContext& context) {
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    connect::Response response = api::restart_connector(client, name, statement.include_tasks, statement.only_failed);
    if (!response.ok()) throw_connect_error(response, "restarting connector '" + name + "'", {&client, name});
    MessageResult result{"Restarted connector " + name + (statement.include_tasks ? " and its tasks" : "")};
    wait_after_change(name, result, context);
    return result;
}

ResultValue run(const ast::RestartTask& statement, StatementContext& context) {
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    connect::Response response = api::restart_task(client, name, statement.task);
    const std::string doing = "restarting task " + std::to_string(statement.task) + " of '" + name + "'";
    if (response.status == 404) {
        // Connect says "Unknown task" for a number past the last task: say how many there are.
        connect::Response status = api::get_status(client, name);
        if (status.ok()) {
            size_t count = status.body.value("tasks", nlohmann::json::array()).size();
            throw Error(ErrorKind::Runtime,
                        "connector '" + name + "' has no task " + std::to_string(statement.task) + ": it has " +
                            std::to_string(count) + (count == 1 ? " task" : " tasks"),
                        {},
                        count == 0 ? "it has no tasks running: DESCRIBE CONNECTOR " + name + " shows why"
                                   : "tasks are numbered 0 to " + std::to_string(count - 1));
        }
    }
    if (!response.ok()) throw_connect_error(response, doing, {&client, name});
    return MessageResult{"Restarted task " + std::to_string(statement.task) + " of connector " + name};
}

}  // namespace connql::detail
