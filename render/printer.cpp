#include "render/printer.h"

#include "render/entities.h"
#include "render/errors.h"
#include "render/report.h"
#include "render/text.h"

namespace connql {

void Printer::on_outcome(const PreparedScript& script, const PreparedStatement&, const StatementOutcome& outcome) {
    if (outcome.result) {
        if (format_ == OutputFormat::Json) {
            if (auto entity = render_entity(*outcome.result)) entities_.push_back(std::move(*entity));
        } else if (std::string text = render_text(*outcome.result); !text.empty()) {
            out_ << "\n" << text << std::flush;
        }
    }
    if (outcome.error) err_ << render_error(*outcome.error, script.inputs) << std::flush;
}

int Printer::finish(const RunReport& report) {
    if (report.prepare_error) {
        err_ << render_error(*report.prepare_error, report.inputs);
        if (format_ == OutputFormat::Json) {
            out_ << nlohmann::ordered_json::array({error_entity(*report.prepare_error, "")}).dump(2) << "\n";
        }
        return report.exit_code();
    }
    std::optional<size_t> failure = report.first_failure();
    if (format_ == OutputFormat::Json) {
        nlohmann::ordered_json all = entities_;
        if (failure) {
            // As ksqlDB's statement_error: the entities that succeeded travel with the error.
            const StatementOutcome& failed = report.outcomes[*failure];
            all.push_back(error_entity(*failed.error, report.script.statements[*failure].masked_text(), entities_));
        }
        out_ << all.dump(2) << "\n" << std::flush;
        entities_ = nlohmann::ordered_json::array();
    }
    if (failure) err_ << render_run_summary(report) << std::flush;
    return report.exit_code();
}

int print_error(const Error& error, OutputFormat format, std::ostream& out, std::ostream& err) {
    err << render(error.diagnostic(), Source{error.diagnostic().origin, {}});
    if (format == OutputFormat::Json) out << nlohmann::ordered_json::array({error_entity(error, "")}).dump(2) << "\n";
    return error.kind() == ErrorKind::Runtime ? 1 : 2;
}

}  // namespace connql
