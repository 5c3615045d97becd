// Waiting for the status that follows a change (SET 'connql.wait' = 'running').
//
// The rule: Connect keeps a task's last status until a new instance of the task
// writes one, so right after an ALTER the status is still the one from before it:
// FAILED after an ALTER that fixes the connector, RUNNING after one that breaks it.
// A status is taken as the answer only when it follows the change: the connector
// or task is new, or its state, worker or trace differs from the one before the
// change, or it was seen otherwise since. A status identical to the one before
// counts only once it has lasted the settle time (connql.wait.settle, default 5s)
// after the change: RUNNING then means the change left it running, FAILED that the
// change did not fix it. A CREATE has no status before it: whatever comes is the answer.
#include <chrono>
#include <set>
#include <thread>

#include "compiler/durations.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "engine/statement_context.h"

namespace connql::detail {

namespace api = connect::endpoints;

namespace {

using Clock = std::chrono::steady_clock;

bool waiting(const StatementContext& context) {
    return context.session.property("connql.wait") == std::optional<std::string>("running");
}

// Every entity of a status object: ("connector" | "task N", state, worker, trace).
struct Entity {
    std::string key;
    std::string state;
    std::string worker;
    std::string trace;

    std::string signature() const { return state + "\n" + worker + "\n" + trace; }
};

std::vector<Entity> entities_of(const nlohmann::json& status) {
    std::vector<Entity> out;
    auto entity = [](std::string key, const nlohmann::json& object) {
        return Entity{std::move(key), json_string(object, "state"), json_string(object, "worker_id"),
                      json_string(object, "trace")};
    };
    out.push_back(entity("connector", status.value("connector", nlohmann::json::object())));
    for (const auto& task : status.value("tasks", nlohmann::json::array())) {
        out.push_back(entity("task " + std::to_string(task.value("id", 0)), task));
    }
    return out;
}

// Runs the status poll until `done` says so, the deadline passes, or a failure counts.
class StatusWait {
public:
    StatusWait(const std::string& name, StatementContext& context, const StatusBefore& before)
        : name_(name), context_(context), before_(before),
          started_(Clock::now()),
          timeout_ms_(context.session.duration_property("connql.wait.timeout", 60000)),
          settle_ms_(context.session.duration_property("connql.wait.settle", 5000)) {}

    template <typename Done>
    void until(const std::string& wanted, Done done) {
        connect::Client& client = context_.client();
        std::string last = "no status yet";
        while (true) {
            connect::Response response = api::get_status(client, name_);
            if (response.ok()) {
                const nlohmann::json& status = response.body;
                std::vector<Entity> entities = entities_of(status);
                bool current = check(entities);
                if (current && done(status, entities)) return;
                const StatusSummary summary = summarize(status);
                last = summary.text();
                if (summary.tasks_total == 0) last += " (no tasks yet)";
            }
            if (Clock::now() >= started_ + std::chrono::milliseconds(timeout_ms_)) {
                Error error(ErrorKind::Runtime,
                            "connector '" + name_ + "' was not " + wanted + " after " + format_duration(timeout_ms_) +
                                ": " + last,
                            {}, "raise SET 'connql.wait.timeout', or look at DESCRIBE CONNECTOR " + name_);
                error.diagnostic().flags.retriable = true;  // it may yet get there
                throw error;
            }
            context_.session.cancel_token().throw_if_cancelled("waiting for connector '" + name_ + "'");
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            context_.session.cancel_token().throw_if_cancelled("waiting for connector '" + name_ + "'");
        }
    }

private:
    // Whether each entity's status follows the change; remembers what was seen since.
    bool follows_change(const Entity& entity) {
        if (!before_.known) return true;
        auto before = before_.entities.find(entity.key);
        if (before == before_.entities.end() || before->second != entity.signature()) changed_.insert(entity.key);
        return changed_.count(entity.key) > 0;
    }

    // A task's exception may quote its config: a URL with its password, say.
    std::string shown_trace(const std::string& trace) const {
        if (context_.session.show_secrets()) return trace;
        const CompiledConnector* compiled = context_.prepared.compiled ? &*context_.prepared.compiled : nullptr;
        return scrub_message(trace, compiled ? &compiled->config : nullptr);
    }

    bool settled() const { return Clock::now() >= started_ + std::chrono::milliseconds(settle_ms_); }

    // Throws for a failure that is the answer; returns whether every status follows the change.
    bool check(const std::vector<Entity>& entities) {
        std::string fresh, stale;
        bool all_follow = true;
        for (const Entity& entity : entities) {
            bool follows = follows_change(entity);
            all_follow = all_follow && follows;
            if (entity.state == "FAILED") (follows ? fresh : stale) += "\n" + entity.key + ": " + shown_trace(entity.trace);
        }
        const std::string hint = "fix the config (ALTER CONNECTOR " + name_ + " SET ...) and RESTART CONNECTOR " + name_ +
                                 " WITH TASKS";
        if (!fresh.empty()) throw Error(ErrorKind::Runtime, "connector '" + name_ + "' failed:" + fresh, {}, hint);
        if (!stale.empty() && settled()) {
            throw Error(ErrorKind::Runtime,
                        "connector '" + name_ + "' is still FAILED as it was before the change, " +
                            format_duration(settle_ms_) + " after it:" + stale,
                        {}, hint);
        }
        return all_follow || settled();
    }

    const std::string& name_;
    StatementContext& context_;
    const StatusBefore& before_;
    Clock::time_point started_;
    long long timeout_ms_;
    long long settle_ms_;
    std::set<std::string> changed_;  // entities seen with a status other than the one before
};

// The change is applied: a failed wait leaves it applied, and the outcome says so.
template <typename Wait>
void after_change(const ResultValue& applied, StatementContext& context, Wait wait) {
    context.partial = applied;
    context.partly_applied = true;
    wait();
    context.partial.reset();
    context.partly_applied = false;
}

}  // namespace

StatusBefore status_before_change(const std::string& name, StatementContext& context) {
    StatusBefore before;
    if (!waiting(context)) return before;
    connect::Response response = api::get_status(context.client(), name);
    if (!response.ok()) return before;  // a new connector, or no status yet: nothing to be stale
    before.known = true;
    for (const Entity& entity : entities_of(response.body)) before.entities[entity.key] = entity.signature();
    return before;
}

void wait_after_change(const std::string& name, const ResultValue& applied, StatementContext& context,
                       const StatusBefore& before) {
    if (!waiting(context)) return;
    after_change(applied, context, [&] {
        StatusWait(name, context, before).until("RUNNING", [](const nlohmann::json&, const std::vector<Entity>& entities) {
            bool all = entities.size() > 1;  // the connector and at least one task
            for (const Entity& entity : entities) all = all && entity.state == "RUNNING";
            return all;
        });
    });
}

void wait_for_state(const std::string& name, const std::string& state, const ResultValue& applied,
                    StatementContext& context, const StatusBefore& before) {
    if (!waiting(context)) return;
    after_change(applied, context, [&] {
        StatusWait(name, context, before).until(state, [&](const nlohmann::json&, const std::vector<Entity>& entities) {
            // STOPPED connectors have no tasks; PAUSED ones keep theirs, paused too.
            for (const Entity& entity : entities) {
                if (entity.state != state) return false;
            }
            return true;
        });
    });
}

}  // namespace connql::detail
