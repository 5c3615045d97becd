#include "render/printer.h"

#include "compiler/secrets.h"
#include "render/entities.h"
#include "render/errors.h"
#include "render/report.h"
#include "render/text.h"

namespace connql {

std::string Printer::shown(const std::string& text) const { return mask_ ? mask_embedded_credentials(text) : text; }

// Never throws: bytes that are not UTF-8 (an answer from something that is not
// Connect, say) are replaced rather than aborting the output.
std::string Printer::dump(const nlohmann::ordered_json& json) const {
    return shown(json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

void Printer::on_outcome(const PreparedScript& script, const PreparedStatement&, const StatementOutcome& outcome) {
    if (outcome.result) {
        if (format_ == OutputFormat::Json) {
            if (auto entity = render_entity(*outcome.result)) entities_.push_back(std::move(*entity));
        } else if (std::string text = render_text(*outcome.result); !text.empty()) {
            out_ << "\n" << shown(text) << std::flush;
        }
    }
    if (outcome.error) err_ << shown(render_error(*outcome.error, script.inputs)) << std::flush;
}

int Printer::finish(const RunReport& report) {
    if (report.prepare_error) {
        err_ << shown(render_error(*report.prepare_error, report.inputs));
        if (format_ == OutputFormat::Json) {
            out_ << dump(nlohmann::ordered_json::array({error_entity(*report.prepare_error, "")})) << "\n";
        }
        return report.exit_code();
    }
    std::optional<size_t> failure = report.first_failure();
    if (format_ == OutputFormat::Json) {
        nlohmann::ordered_json all = entities_;
        // As ksqlDB's statement_error: the entities that succeeded travel with the
        // error. With --parallel, more than one statement may have failed: each has one.
        for (size_t i = 0; i < report.outcomes.size(); ++i) {
            const StatementOutcome& outcome = report.outcomes[i];
            if (outcome.failed()) all.push_back(error_entity(*outcome.error, report.script.statements[i].masked_text(), entities_));
        }
        out_ << dump(all) << "\n" << std::flush;
        entities_ = nlohmann::ordered_json::array();
    }
    if (failure) err_ << shown(render_run_summary(report)) << std::flush;
    return report.exit_code();
}

int print_error(const Error& error, OutputFormat format, std::ostream& out, std::ostream& err) {
    err << mask_embedded_credentials(render(error.diagnostic(), Source{error.diagnostic().origin, {}}));
    if (format == OutputFormat::Json) print_error_entity(error, out);
    return error.kind() == ErrorKind::Runtime ? 1 : 2;
}

void print_error_entity(const Error& error, std::ostream& out) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array({error_entity(error, "")});
    out << mask_embedded_credentials(array.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) << "\n";
}

}  // namespace connql
