// PAUSE, RESUME, STOP and RESTART (the waits that follow them are in waits.cpp).
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "engine/statement_context.h"

namespace connql::detail {

namespace api = connect::endpoints;

ResultValue run(const ast::LifecycleConnector& statement, StatementContext& context) {
    using Action = ast::LifecycleConnector::Action;
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    StatusBefore before = status_before_change(name, context);
    connect::Response response = statement.action == Action::Pause    ? api::pause_connector(client, name)
                                 : statement.action == Action::Resume ? api::resume_connector(client, name)
                                                                      : api::stop_connector(client, name);
    const char* verb = statement.action == Action::Pause ? "pause" : statement.action == Action::Resume ? "resume" : "stop";
    if (!response.ok()) throw_connect_error(response, std::string(verb) + " connector '" + name + "'", {&client, name});
    const char* done = statement.action == Action::Pause ? "Paused" : statement.action == Action::Resume ? "Resumed" : "Stopped";
    MessageResult result{std::string(done) + " connector " + name};
    switch (statement.action) {
        case Action::Resume: wait_after_change(name, result, context, before); break;
        case Action::Pause: wait_for_state(name, "PAUSED", result, context, before); break;
        case Action::Stop: wait_for_state(name, "STOPPED", result, context, before); break;
    }
    return result;
}

ResultValue run(const ast::RestartConnector& statement, StatementContext& context) {
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    StatusBefore before = status_before_change(name, context);
    connect::Response response = api::restart_connector(client, name, statement.include_tasks, statement.only_failed);
    if (!response.ok()) throw_connect_error(response, "restarting connector '" + name + "'", {&client, name});
    MessageResult result{"Restarted connector " + name + (statement.include_tasks ? " and its tasks" : "")};
    wait_after_change(name, result, context, before);
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
